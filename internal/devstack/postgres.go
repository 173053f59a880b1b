package devstack

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Postgres is a cluster this process started.
type Postgres struct {
	DSN  string
	Port int
	cmd  *exec.Cmd
	done chan struct{}
}

// PostgresOptions sets where the cluster lives and listens.
type PostgresOptions struct {
	Dir      string    // data directory; created by initdb when empty
	Port     int       // 0 picks a free port
	Database string    // created if missing
	Fast     bool      // fsync off: for throwaway test clusters
	Log      io.Writer // server output; nil discards
}

// StartPostgres initialises the cluster if needed, starts it and waits until
// it accepts connections and the database exists.
func StartPostgres(ctx context.Context, o PostgresOptions) (*Postgres, error) {
	if o.Port == 0 {
		p, err := FreePort()
		if err != nil {
			return nil, err
		}
		o.Port = p
	}
	if err := CheckPortFree("postgres", "127.0.0.1:"+strconv.Itoa(o.Port)); err != nil {
		return nil, err
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if err := initCluster(o); err != nil {
		return nil, err
	}
	args := []string{"-D", o.Dir, "-p", strconv.Itoa(o.Port), "-k", "", "-c", "listen_addresses=127.0.0.1",
		"-c", "max_connections=200"}
	if o.Fast {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	cmd := command("postgres", args...)
	if _, _, err := asPostgresUser(cmd); err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = o.Log, o.Log
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("postgres: cannot start (is PostgreSQL installed? `apt-get install postgresql`): %w", err)
	}
	pg := &Postgres{Port: o.Port, cmd: cmd, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(pg.done) }()
	admin := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", o.Port)
	if err := waitReady(ctx, admin, pg.done); err != nil {
		pg.Stop()
		return nil, err
	}
	if err := createDatabase(ctx, admin, o.Database); err != nil {
		pg.Stop()
		return nil, err
	}
	pg.DSN = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", o.Port, o.Database)
	return pg, nil
}

func initCluster(o PostgresOptions) error {
	if _, err := os.Stat(filepath.Join(o.Dir, "PG_VERSION")); err == nil {
		return nil
	}
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return err
	}
	cmd := command("initdb", "-D", o.Dir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
	uid, gid, err := asPostgresUser(cmd)
	if err != nil {
		return err
	}
	if err := os.Chown(o.Dir, uid, gid); err != nil {
		return err
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("postgres: initdb %s failed: %v\n%s", o.Dir, err, out)
	}
	return nil
}

func waitReady(ctx context.Context, dsn string, exited <-chan struct{}) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		conn, err := pgx.Connect(ctx, dsn)
		if err == nil {
			return conn.Close(ctx)
		}
		select {
		case <-exited:
			return fmt.Errorf("postgres exited while starting (see its log): %w", err)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres did not accept connections within 30s: %w", err)
		}
	}
}

func createDatabase(ctx context.Context, adminDSN, name string) error {
	conn, err := pgx.Connect(ctx, adminDSN)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	return err
}

// Stop shuts the cluster down (fast shutdown: clients are disconnected, data kept).
func (p *Postgres) Stop() {
	stop(p.cmd, p.done, syscall.SIGINT, 20*time.Second)
}
