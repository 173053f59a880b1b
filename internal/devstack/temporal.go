package devstack

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"syscall"
	"time"
)

// SearchAttributes are registered on every dev server creatorflow starts.
var SearchAttributes = []string{"CampaignId=Keyword", "CreatorHandle=Keyword", "Stage=Keyword"}

// Temporal is a dev server this process started.
type Temporal struct {
	Address string
	UIURL   string
	cmd     *exec.Cmd
	done    chan struct{}
}

// TemporalOptions sets where the dev server keeps its data and listens.
type TemporalOptions struct {
	DBFile string // empty: in memory
	Port   int    // 0 picks a free port
	UIPort int    // 0: no UI
	Log    io.Writer
}

// StartTemporal starts bin/temporal server start-dev with creatorflow's search attributes.
func StartTemporal(ctx context.Context, o TemporalOptions) (*Temporal, error) {
	bin, err := Binary("temporal")
	if err != nil {
		return nil, err
	}
	if o.Port == 0 {
		if o.Port, err = FreePort(); err != nil {
			return nil, err
		}
	}
	addr := "127.0.0.1:" + strconv.Itoa(o.Port)
	if err := CheckPortFree("temporal", addr); err != nil {
		return nil, err
	}
	args := []string{"server", "start-dev", "--ip", "127.0.0.1", "--port", strconv.Itoa(o.Port), "--log-level", "error"}
	if o.DBFile != "" {
		args = append(args, "--db-filename", o.DBFile)
	}
	var ui string
	if o.UIPort > 0 {
		if err := CheckPortFree("temporal web UI", "127.0.0.1:"+strconv.Itoa(o.UIPort)); err != nil {
			return nil, err
		}
		args = append(args, "--ui-port", strconv.Itoa(o.UIPort))
		ui = fmt.Sprintf("http://127.0.0.1:%d", o.UIPort)
	} else {
		args = append(args, "--headless")
	}
	// The dev server's HTTP API and metrics take ports of their own: pick free ones
	// so a second stack (the tests beside make run) does not collide.
	for _, flag := range []string{"--http-port", "--metrics-port"} {
		p, err := FreePort()
		if err != nil {
			return nil, err
		}
		args = append(args, flag, strconv.Itoa(p))
	}
	for _, sa := range SearchAttributes {
		args = append(args, "--search-attribute", sa)
	}
	cmd := command(bin, args...)
	if o.Log == nil {
		o.Log = io.Discard
	}
	cmd.Stdout, cmd.Stderr = o.Log, o.Log
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("temporal: cannot start %s: %w", bin, err)
	}
	t := &Temporal{Address: addr, UIURL: ui, cmd: cmd, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(t.done) }()
	ready := make(chan error, 1)
	go func() { ready <- WaitForPort(addr, 60*time.Second) }()
	select {
	case err := <-ready:
		if err != nil {
			t.Stop()
			return nil, fmt.Errorf("temporal: %w", err)
		}
	case <-t.done:
		return nil, fmt.Errorf("temporal dev server exited while starting (see its log)")
	case <-ctx.Done():
		t.Stop()
		return nil, ctx.Err()
	}
	return t, nil
}

// Stop shuts the dev server down.
func (t *Temporal) Stop() { stop(t.cmd, t.done, syscall.SIGTERM, 15*time.Second) }

// Process is any other child (Mailpit, the worker) started and stopped the same way.
type Process struct {
	Name string
	cmd  *exec.Cmd
	done chan struct{}
	err  error
}

// StartProcess starts a child that dies with us.
func StartProcess(name string, env []string, log io.Writer, bin string, args ...string) (*Process, error) {
	cmd := command(bin, args...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%s: cannot start %s: %w", name, bin, err)
	}
	p := &Process{Name: name, cmd: cmd, done: make(chan struct{})}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	return p, nil
}

// Exited is closed when the child ends; Err then tells how.
func (p *Process) Exited() <-chan struct{} { return p.done }

// Err is the child's exit error, once Exited is closed.
func (p *Process) Err() error { return p.err }

// Stop interrupts the child and waits for it.
func (p *Process) Stop() { stop(p.cmd, p.done, syscall.SIGTERM, 15*time.Second) }
