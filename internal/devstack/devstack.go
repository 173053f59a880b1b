// Package devstack starts the local parts creatorflow needs — a PostgreSQL
// cluster in a folder of the project, the Temporal dev server built under
// tools/, Mailpit — for `make run` and for the tests. Every process it starts
// dies with its parent (Pdeathsig), so nothing is left running.
package devstack

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// RepoRoot finds the directory holding the main go.mod, from the working directory up.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil &&
			len(data) > 0 && containsModule(string(data), "github.com/creatorflow/creatorflow\n") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("devstack: not inside the creatorflow repository")
		}
		dir = parent
	}
}

func containsModule(gomod, name string) bool {
	return len(gomod) >= len("module ")+len(name) && gomod[:len("module ")+len(name)] == "module "+name
}

// Binary locates a tool built into bin/ (temporal, mailpit), with a hint to build it.
func Binary(name string) (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	p := filepath.Join(root, "bin", name)
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("devstack: %s is missing; build it with `make bin/%s`", p, name)
	}
	return p, nil
}

// CheckPortFree fails clearly when something already listens on addr.
func CheckPortFree(service, addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("%s: port %s is already in use (%v); stop what uses it or choose another port", service, addr, err)
	}
	return l.Close()
}

// FreePort asks the kernel for an unused loopback port.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// WaitForPort waits until something accepts connections on addr.
func WaitForPort(addr string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			return c.Close()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("nothing answered on %s within %s", addr, timeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// command prepares a child process that is killed if we die.
func command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
	return cmd
}

// asPostgresUser makes cmd run as the postgres user when we are root:
// PostgreSQL refuses to run as root.
func asPostgresUser(cmd *exec.Cmd) (uid, gid int, err error) {
	if os.Geteuid() != 0 {
		return os.Getuid(), os.Getgid(), nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return 0, 0, errors.New("devstack: running as root needs a 'postgres' user to run PostgreSQL (apt-get install postgresql creates it)")
	}
	uid, _ = strconv.Atoi(u.Uid)
	gid, _ = strconv.Atoi(u.Gid)
	cmd.SysProcAttr.Credential = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	return uid, gid, nil
}

// stop interrupts a child and waits for it, killing it after grace.
func stop(cmd *exec.Cmd, done <-chan struct{}, sig os.Signal, grace time.Duration) {
	if cmd.Process == nil {
		return
	}
	_ = cmd.Process.Signal(sig)
	select {
	case <-done:
	case <-time.After(grace):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
}
