package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/slack-go/slack/slacktest"

	"github.com/creatorflow/creatorflow/internal/devstack"
)

// stack is the local stack the benchmark runs against: PostgreSQL, the
// Temporal dev server, an SMTP sink and slacktest in this process, and the
// real worker binary as a child process (so its memory and CPU are its own).
type stack struct {
	pg       *devstack.Postgres
	pgDir    string
	temporal *devstack.Temporal
	smtp     *mailSink
	slack    *slackSink
	worker   *workerProc
	log      io.Writer
}

func startStack(ctx context.Context, log io.Writer) (*stack, error) {
	s := &stack{log: log}
	dir, err := os.MkdirTemp("", "creatorflow-bench-pg-")
	if err != nil {
		return nil, err
	}
	s.pgDir = dir
	if s.pg, err = devstack.StartPostgres(ctx, devstack.PostgresOptions{Dir: dir, Database: "creatorflow", Fast: true, Log: log}); err != nil {
		s.stop()
		return nil, err
	}
	if s.temporal, err = devstack.StartTemporal(ctx, devstack.TemporalOptions{Log: log}); err != nil {
		s.stop()
		return nil, err
	}
	if s.smtp, err = startMailSink(); err != nil {
		s.stop()
		return nil, err
	}
	s.slack = startSlackSink()
	return s, nil
}

func (s *stack) stop() {
	if s.worker != nil {
		s.worker.stop()
	}
	if s.slack != nil {
		s.slack.srv.Stop()
	}
	if s.smtp != nil {
		s.smtp.srv.Close()
	}
	if s.temporal != nil {
		s.temporal.Stop()
	}
	if s.pg != nil {
		s.pg.Stop()
	}
	if s.pgDir != "" {
		_ = os.RemoveAll(s.pgDir)
	}
}

// workerEnv is the worker's configuration pointing at this stack.
func (s *stack) workerEnv(extra []string) []string {
	host, port, _ := net.SplitHostPort(s.smtp.addr)
	env := []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
		"TEMPORAL_ADDRESS=" + s.temporal.Address, "TEMPORAL_CONFIG_FILE=" + os.DevNull, "DATABASE_URL=" + s.pg.DSN,
		"SMTP_HOST=" + host, "SMTP_PORT=" + port, "SMTP_TLS=none",
		"MAIL_FROM=Bench Partnerships <partnerships@bench.test>", "REPLY_HMAC_KEY=bench-hmac-key-for-the-benchmark-0123456789",
		"SLACK_BOT_TOKEN=xoxb-bench", "SLACK_CHANNEL=C-BENCH", "SLACK_SIGNING_SECRET=bench-signing-secret-0123456789abcdef", "SLACK_API_URL=" + s.slack.srv.GetAPIURL(),
		"WORKER_HTTP_ADDR=127.0.0.1:0", "MAIL_PACING=0s", "MAIL_DAILY_LIMIT=1000000",
	}
	return append(env, extra...)
}

// startWorker (re)starts the worker binary; extra adds environment variables.
func (s *stack) startWorker(bin string, extra []string) error {
	if s.worker != nil {
		s.worker.stop()
		s.worker = nil
	}
	abs, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	cmd := exec.Command(abs)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
	cmd.Env = s.workerEnv(extra)
	cmd.Stdout, cmd.Stderr = s.log, s.log
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting the worker %s (build it with `make build`): %w", abs, err)
	}
	w := &workerProc{cmd: cmd, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(w.done) }()
	s.worker = w
	// The worker is ready when its process is up and polling; give it a moment
	// and make sure it did not exit on bad configuration.
	select {
	case <-w.done:
		return fmt.Errorf("the worker exited at once (see the bench log)")
	case <-time.After(1500 * time.Millisecond):
	}
	return nil
}

type workerProc struct {
	cmd  *exec.Cmd
	done chan struct{}
}

func (w *workerProc) stop() {
	_ = w.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-w.done:
	case <-time.After(15 * time.Second):
		_ = syscall.Kill(-w.cmd.Process.Pid, syscall.SIGKILL)
		<-w.done
	}
}

// procStats reads a process's resident memory and CPU time from /proc.
type procStats struct {
	RSS uint64        // bytes
	CPU time.Duration // user + system
}

func readProc(pid int) (procStats, error) {
	var st procStats
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return st, err
	}
	for _, l := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			f := strings.Fields(l)
			kb, _ := strconv.ParseUint(f[1], 10, 64)
			st.RSS = kb * 1024
		}
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return st, err
	}
	// Fields after the command name (which may hold spaces) start after ") ".
	rest := strings.Fields(string(stat)[strings.LastIndex(string(stat), ")")+2:])
	utime, _ := strconv.ParseUint(rest[11], 10, 64)
	stime, _ := strconv.ParseUint(rest[12], 10, 64)
	st.CPU = time.Duration(utime+stime) * time.Second / 100 // USER_HZ is 100 on Linux
	return st, nil
}

func (w *workerProc) stats() (procStats, error) { return readProc(w.cmd.Process.Pid) }

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:3], " ")
}

// mailSink is an SMTP server that counts what it receives, by step and creator,
// noting when each message arrived.
type mailSink struct {
	addr string
	srv  *smtp.Server
	mu   sync.Mutex
	// arrived maps "<step>/<handle>" (from the Message-ID) to the arrival time.
	arrived map[string]time.Time
	count   int
	waiters []mailWaiter
}

type mailWaiter struct {
	prefix string
	n      int
	ch     chan struct{}
}

func startMailSink() (*mailSink, error) {
	m := &mailSink{arrived: map[string]time.Time{}}
	s := smtp.NewServer(m)
	s.Domain = "localhost"
	s.AllowInsecureAuth = true
	s.ReadTimeout, s.WriteTimeout = 30*time.Second, 30*time.Second
	s.MaxRecipients = 10
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	m.addr, m.srv = l.Addr().String(), s
	go func() { _ = s.Serve(l) }()
	return m, nil
}

func (m *mailSink) NewSession(*smtp.Conn) (smtp.Session, error) { return &mailSession{sink: m}, nil }

type mailSession struct{ sink *mailSink }

func (s *mailSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *mailSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *mailSession) Reset()                               {}
func (s *mailSession) Logout() error                        { return nil }
func (s *mailSession) AuthPlain(string, string) error       { return nil }
func (s *mailSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	now := time.Now()
	// Message-ID: <step.handle.campaign@domain>
	key := ""
	for _, l := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(strings.ToLower(l), "message-id:") {
			id := strings.Trim(strings.TrimSpace(l[len("message-id:"):]), "<>")
			if at := strings.LastIndex(id, "@"); at > 0 {
				id = id[:at]
			}
			key = id
			break
		}
	}
	s.sink.mu.Lock()
	defer s.sink.mu.Unlock()
	s.sink.arrived[key] = now
	s.sink.count++
	s.sink.notify()
	return nil
}

// notify wakes waiters whose count is reached; the caller holds mu.
func (m *mailSink) notify() {
	kept := m.waiters[:0]
	for _, w := range m.waiters {
		if m.countPrefix(w.prefix) >= w.n {
			close(w.ch)
		} else {
			kept = append(kept, w)
		}
	}
	m.waiters = kept
}

func (m *mailSink) countPrefix(prefix string) int {
	if prefix == "" {
		return m.count
	}
	n := 0
	for k := range m.arrived {
		if strings.HasPrefix(k, prefix) {
			n++
		}
	}
	return n
}

// waitFor blocks until n messages whose Message-ID key starts with prefix arrived.
func (m *mailSink) waitFor(ctx context.Context, prefix string, n int, timeout time.Duration) error {
	m.mu.Lock()
	if m.countPrefix(prefix) >= n {
		m.mu.Unlock()
		return nil
	}
	w := mailWaiter{prefix: prefix, n: n, ch: make(chan struct{})}
	m.waiters = append(m.waiters, w)
	m.mu.Unlock()
	select {
	case <-w.ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(timeout):
		m.mu.Lock()
		got := m.countPrefix(prefix)
		m.mu.Unlock()
		return fmt.Errorf("waited %s for %d %q emails, got %d", timeout, n, prefix, got)
	}
}

// arrivals returns the arrival times of messages whose key has prefix and suffix.
func (m *mailSink) arrivals(prefix, suffix string) []time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	var ts []time.Time
	for k, t := range m.arrived {
		if strings.HasPrefix(k, prefix) && strings.HasSuffix(k, suffix) {
			ts = append(ts, t)
		}
	}
	return ts
}

// slackSink answers chat.postMessage and chat.update like Slack and notes,
// per message ts, when its rewrite arrived.
type slackSink struct {
	srv       *slacktest.Server
	mu        sync.Mutex
	n         int
	posted    map[string]string    // ts → workflow id (from the button value)
	rewritten map[string]time.Time // ts → when chat.update arrived
	byTarget  map[string]string    // workflow id → ts of its latest request
}

func startSlackSink() *slackSink {
	s := &slackSink{posted: map[string]string{}, rewritten: map[string]time.Time{}, byTarget: map[string]string{}}
	s.srv = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
			_ = r.ParseForm()
			s.mu.Lock()
			s.n++
			ts := fmt.Sprintf("1700000000.%06d", s.n)
			blocks := r.PostForm.Get("blocks")
			if i := strings.Index(blocks, `\"target\":\"`); i >= 0 {
				rest := blocks[i+len(`\"target\":\"`):]
				target := rest[:strings.Index(rest, `\"`)]
				s.posted[ts], s.byTarget[target] = target, ts
			}
			s.mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":%q}`, r.PostForm.Get("channel"), ts)
		})
		c.Handle("/chat.update", func(w http.ResponseWriter, r *http.Request) {
			now := time.Now()
			_ = r.ParseForm()
			ts := r.PostForm.Get("ts")
			s.mu.Lock()
			s.rewritten[ts] = now
			s.mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":%q}`, r.PostForm.Get("channel"), ts)
		})
	})
	s.srv.Start()
	return s
}

// requestTS is the ts of the approval request posted for a workflow, if any.
func (s *slackSink) requestTS(workflowID string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ts, ok := s.byTarget[workflowID]
	return ts, ok
}

func (s *slackSink) rewrittenAt(ts string) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.rewritten[ts]
	return t, ok
}
