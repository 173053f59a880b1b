package inbox_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/inbox"
	"github.com/creatorflow/creatorflow/integrations/email"
	"github.com/creatorflow/creatorflow/workflows"
)

// A stranger who knows the thread — our outreach's Message-ID in
// In-Reply-To — but writes from their own address, or from the creator's
// address with DKIM/DMARC failing, or from two addresses, is held for a
// person: never signalled.
func TestStrangerInTheThreadIsHeldNotActedOn(t *testing.T) {
	ctx := context.Background()
	p, sig, st := setup(t)
	thread := "In-Reply-To: <" + email.MessageID(key, domain, "spring", "jane", "outreach") + ">\r\n"
	for _, c := range []struct {
		id, from, extra, why string
	}{
		{"h1@evil.example", "Mallory <mallory@evil.example>", thread, "From mallory@evil.example is not the creator's known address (jane@creator.example)"},
		{"h2@evil.example", "Jane <jane@creator.example>", thread + "Authentication-Results: mx.lumen.example; spf=fail smtp.mailfrom=evil.example; " +
			"dkim=none; dmarc=fail (p=reject) header.from=creator.example\r\n", "dmarc=fail for creator.example"},
		{"h3@evil.example", "jane@creator.example, mallory@evil.example", thread, "From names 2 addresses"},
	} {
		res, err := p.Deliver(ctx, "imap", raw(c.id, c.from, "partnerships@lumen.example", c.extra, "Yes! My rate is $9,000. Draft: https://evil.example/d"))
		require.NoError(t, err)
		require.Equal(t, inbox.StatusHeld, res.Status, c.id)
		require.Equal(t, inbox.HoldSender, res.HoldKind, c.id)
		require.Equal(t, "spring/jane", res.CampaignID+"/"+res.Handle, "the collaboration is named for ops")
		require.Contains(t, res.Note, c.why)
	}
	require.Empty(t, sig.got, "nothing reached the workflow")
	ops, err := st.InboxForOps(ctx, 10)
	require.NoError(t, err)
	require.Len(t, ops, 3)
	for _, o := range ops {
		require.Equal(t, "held", o.Status)
		require.Equal(t, inbox.HoldSender, o.HoldKind)
		require.NotEmpty(t, o.Note)
	}

	// The old, readable Message-ID pattern no longer names a thread.
	res, err := p.Deliver(ctx, "imap", raw("h4@evil.example", "mallory@evil.example", "partnerships@lumen.example",
		"In-Reply-To: <outreach.jane.spring@"+domain+">\r\n", "Yes!"))
	require.NoError(t, err)
	require.Equal(t, inbox.StatusUnmatched, res.Status)

	// The creator herself, in the thread, with DKIM and DMARC passing: acted on.
	res, err = p.Deliver(ctx, "imap", raw("h5@creator.example", "Jane <jane@creator.example>", "partnerships@lumen.example",
		thread+"Authentication-Results: mx.lumen.example; dkim=pass header.d=creator.example; dmarc=pass header.from=creator.example\r\n", "Yes, I'm in!"))
	require.NoError(t, err)
	require.Equal(t, inbox.StatusSignalled, res.Status)
	require.Len(t, sig.to("spring", "jane"), 1)
}

// The token is proof on its own (an HMAC a stranger cannot make), wherever
// the address appears: To, Cc, Delivered-To. From another address it is
// still acted on, and the mismatch is recorded.
func TestReplyTokenInAnyRecipientHeader(t *testing.T) {
	ctx := context.Background()
	p, sig, st := setup(t)
	token := email.ReplyAddress(key, domain, "spring", "jane")
	for i, hdr := range []string{"Cc: " + token + "\r\n", "Delivered-To: " + token + "\r\n"} {
		res, err := p.Deliver(ctx, "imap", raw(fmt.Sprintf("t%d@creator.example", i), "jane@creator.example", "partnerships@lumen.example", hdr, "Yes"))
		require.NoError(t, err)
		require.Equal(t, inbox.StatusSignalled, res.Status, hdr)
		require.Equal(t, inbox.ByToken, res.MatchedBy)
	}
	res, err := p.Deliver(ctx, "imap", raw("t9@agency.example", "manager@agency.example", token, "", "Yes, Jane is in"))
	require.NoError(t, err)
	require.Equal(t, inbox.StatusSignalled, res.Status)
	require.Len(t, sig.to("spring", "jane"), 3)
	row, err := st.InboundByMessageID(ctx, "t9@agency.example")
	require.NoError(t, err)
	require.Contains(t, row.Note, "From manager@agency.example is not the creator's known address")

	// Tokens of two collaborations in one message: held, not guessed.
	res, err = p.Deliver(ctx, "imap", raw("t10@x.example", "jane@creator.example", token,
		"Cc: "+email.ReplyAddress(key, domain, "spring", "tom")+"\r\n", "Yes"))
	require.NoError(t, err)
	require.Equal(t, inbox.StatusHeld, res.Status)
	require.Len(t, sig.to("spring", "jane"), 3)
	require.Empty(t, sig.to("spring", "tom"))
}

// A poison message (a Subject whose encoded word decodes to invalid UTF-8,
// NUL in the body) is stored and quarantined with the reason; the next good
// message is acted on at once.
func TestPoisonMailIsQuarantinedAndTheNextIsActedOn(t *testing.T) {
	ctx := context.Background()
	p, sig, st := setup(t)
	token := email.ReplyAddress(key, domain, "spring", "jane")
	poison := []byte("Message-ID: <p1@evil.example>\r\nFrom: jane@creator.example\r\nTo: " + token +
		"\r\nSubject: =?utf-8?B?/w==?= =?utf-8?Q?=C3=28=00?=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nYes\x00 \xff\xfe I accept\r\n")
	res, err := p.Deliver(ctx, "imap", poison)
	require.NoError(t, err, "stored: the door may acknowledge it")
	require.Equal(t, inbox.StatusQuarantined, res.Status)
	require.Contains(t, res.Note, "NUL bytes")
	require.Empty(t, sig.got)

	res, err = p.Deliver(ctx, "imap", raw("g1@creator.example", "jane@creator.example", token, "", "Yes, I'm in!"))
	require.NoError(t, err)
	require.Equal(t, inbox.StatusSignalled, res.Status)
	require.Equal(t, campaign.IntentAccept, sig.to("spring", "jane")[0].Intent)

	ops, err := st.InboxForOps(ctx, 10)
	require.NoError(t, err)
	require.Len(t, ops, 1)
	require.Equal(t, "quarantined", ops[0].Status)
	require.Equal(t, poison, ops[0].Raw, "the raw bytes are kept as received")
	require.Equal(t, "\ufffd(", ops[0].Subject, "stored as valid UTF-8 without NUL")

	// Nested 50,000 deep: quarantined with the reason, headers shown.
	var b strings.Builder
	b.WriteString("Message-ID: <deep@evil.example>\r\nFrom: jane@creator.example\r\nTo: " + token + "\r\nSubject: deep\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n")
	for i := 1; i < 50_000; i++ {
		fmt.Fprintf(&b, "--b%d\r\nContent-Type: multipart/mixed; boundary=b%d\r\n\r\n", i-1, i)
	}
	res, err = p.Deliver(ctx, "webhook", []byte(b.String()))
	require.NoError(t, err)
	require.Equal(t, inbox.StatusQuarantined, res.Status)
	require.Contains(t, res.Note, "nested deeper than 20 levels")
	require.Len(t, sig.to("spring", "jane"), 1)

	// Over the size limit: stored truncated, quarantined, never read.
	p.MaxBytes = 64 << 10
	big := raw("big@creator.example", "jane@creator.example", token, "", "Yes "+strings.Repeat("x", 100<<10))
	res, err = p.Deliver(ctx, "imap", big)
	require.NoError(t, err)
	require.Equal(t, inbox.StatusQuarantined, res.Status)
	require.Contains(t, res.Note, "over the 65536-byte limit")
	row, err := st.InboundByMessageID(ctx, "big@creator.example")
	require.NoError(t, err)
	require.Len(t, row.Raw, 64<<10)
	require.Len(t, sig.to("spring", "jane"), 1)
}

// flaky fails signals to the workflows in down with a transient error.
type flaky struct {
	*signals
	mu   sync.Mutex
	down map[string]bool
}

func (f *flaky) SignalWorkflow(ctx context.Context, id, run, name string, arg any) error {
	f.mu.Lock()
	d := f.down[id] || f.down["*"]
	f.mu.Unlock()
	if d {
		return errors.New("temporal unavailable")
	}
	return f.signals.SignalWorkflow(ctx, id, run, name, arg)
}

func (f *flaky) set(id string, down bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.down[id] = down
}

// Messages that keep failing back off each on its own schedule and end dead;
// however many are stuck, a newer message that is due is reached.
func TestStuckMessagesBackOffEndDeadAndNeverStarveNewer(t *testing.T) {
	ctx := context.Background()
	p, sig, st := setup(t)
	f := &flaky{signals: sig, down: map[string]bool{}}
	p.Signal = f
	now := time.Now()
	p.Now = func() time.Time { return now }
	p.MaxAttempts = 4
	tom := email.ReplyAddress(key, domain, "spring", "tom")
	jane := email.ReplyAddress(key, domain, "spring", "jane")

	f.set(workflows.CollaborationWorkflowID("spring", "tom"), true)
	for i := range 120 { // more than one Resume takes
		res, err := p.Deliver(ctx, "imap", raw(fmt.Sprintf("stuck%d@creator.example", i), "twin@creator.example", tom, "", "Yes"))
		require.NoError(t, err)
		require.Equal(t, inbox.StatusReceived, res.Status)
		require.Contains(t, res.Note, "attempt 1 of 4")
	}
	// Two more rounds: the stuck ones now wait 2 minutes.
	for _, wait := range []time.Duration{31 * time.Second, 61 * time.Second} {
		now = now.Add(wait)
		for {
			n, err := p.Resume(ctx)
			require.Error(t, err)
			require.Zero(t, n)
			rows, _ := st.PendingInbound(ctx, 200)
			due := 0
			for _, r := range rows {
				if r.NextAttemptAt == nil || !r.NextAttemptAt.After(now) {
					due++
				}
			}
			if due == 0 {
				break
			}
		}
	}
	// Temporal is down for everyone for a moment: jane's reply fails once.
	f.set("*", true)
	res, err := p.Deliver(ctx, "imap", raw("new@creator.example", "jane@creator.example", jane, "", "Yes, I'm in!"))
	require.NoError(t, err)
	require.Equal(t, inbox.StatusReceived, res.Status)
	f.set("*", false)
	now = now.Add(31 * time.Second) // jane's is due; the 120 stuck ones are not
	n, err := p.Resume(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.Len(t, sig.to("spring", "jane"), 1, "the newer message was reached past 120 stuck ones")

	ops, err := st.InboxForOps(ctx, 200)
	require.NoError(t, err)
	require.Len(t, ops, 120, "messages still retrying are shown to ops with their last error")
	require.Contains(t, ops[0].Note, "attempt 3 of 4")

	// The fourth failure ends the retries: dead, shown with the reason.
	now = now.Add(5 * time.Minute)
	for {
		if _, err := p.Resume(ctx); err == nil {
			break
		}
	}
	ops, err = st.InboxForOps(ctx, 200)
	require.NoError(t, err)
	require.Len(t, ops, 120)
	for _, o := range ops {
		require.Equal(t, "dead", o.Status)
		require.Contains(t, o.Note, "retries ended after 4 attempts")
	}
	now = now.Add(24 * time.Hour)
	n, err = p.Resume(ctx)
	require.NoError(t, err)
	require.Zero(t, n, "a dead message is not retried")
	require.Empty(t, sig.to("spring", "tom"))
}

// countingBody records how much of a request body the handler read.
type countingBody struct {
	r    io.Reader
	read atomic.Int64
}

func (c *countingBody) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.read.Add(int64(n))
	return n, err
}

func (c *countingBody) Close() error { return nil }

// endless is an endless body of mail-looking bytes.
type endless struct{}

func (endless) Read(b []byte) (int, error) {
	for i := range b {
		b[i] = 'x'
	}
	return len(b), nil
}

// The webhook refuses what it can before reading: a missing or malformed
// signature, a declared length over the limit; an undeclared one is cut at
// the limit; a bad signature on a body within it is refused before parsing.
func TestWebhookRefusesBeforeReadingWhole(t *testing.T) {
	p, sig, st := setup(t)
	p.MaxBytes = 1 << 20
	secret := []byte("webhook-secret-0123")
	h := p.Webhook(secret)
	msg := raw("wh1@creator.example", "jane@creator.example", email.ReplyAddress(key, domain, "spring", "jane"), "", "Yes, I'm in!")
	serve := func(body io.Reader, length int64, signature string) (*httptest.ResponseRecorder, int64) {
		cb := &countingBody{r: body}
		req := httptest.NewRequest(http.MethodPost, inbox.WebhookPath, nil)
		req.Body, req.ContentLength = cb, length
		if signature != "" {
			req.Header.Set(inbox.SignatureHeader, signature)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w, cb.read.Load()
	}

	w, read := serve(endless{}, -1, "")
	require.Equal(t, http.StatusUnauthorized, w.Code)
	require.Zero(t, read, "unsigned: not a byte read")
	w, read = serve(endless{}, -1, "sha256=nothex")
	require.Equal(t, http.StatusUnauthorized, w.Code)
	require.Contains(t, w.Body.String(), "malformed")
	require.Zero(t, read)
	w, read = serve(endless{}, 50<<20, inbox.Sign(secret, msg))
	require.Equal(t, http.StatusRequestEntityTooLarge, w.Code)
	require.Contains(t, w.Body.String(), "over the 1048576-byte limit")
	require.Zero(t, read, "a declared length over the limit: not a byte read")
	w, read = serve(endless{}, -1, inbox.Sign(secret, msg)) // chunked, no length: cut at the limit
	require.Equal(t, http.StatusRequestEntityTooLarge, w.Code)
	require.LessOrEqual(t, read, int64(1<<20)+64<<10, "read no further than the limit")
	w, _ = serve(bytes.NewReader(msg), int64(len(msg)), inbox.Sign([]byte("another-secret-000"), msg))
	require.Equal(t, http.StatusUnauthorized, w.Code)
	pending, err := st.PendingInbound(context.Background(), 10)
	require.NoError(t, err)
	require.Empty(t, pending)
	ops, _ := st.InboxForOps(context.Background(), 10)
	require.Empty(t, ops, "nothing refused was stored")

	// Upper-case hex is the same signature.
	w, _ = serve(bytes.NewReader(msg), int64(len(msg)), strings.ToUpper(inbox.Sign(secret, msg)[7:]))
	require.Equal(t, http.StatusUnauthorized, w.Code, "the sha256= prefix is required")
	w, _ = serve(bytes.NewReader(msg), int64(len(msg)), "sha256="+strings.ToUpper(inbox.Sign(secret, msg)[7:]))
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	require.Len(t, sig.to("spring", "jane"), 1)
}

func TestWebhookConcurrencyCapAnswers429(t *testing.T) {
	p, _, _ := setup(t)
	secret := []byte("webhook-secret-0123")
	srv := httptest.NewServer(p.Webhook(secret, inbox.WebhookOptions{Concurrency: 1}))
	defer srv.Close()
	// The first request, on a raw connection, sends its headers and only
	// part of its body: the handler holds the only slot while it waits for
	// the rest. (An http.Client may buffer the headers of a stalled body.)
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	require.NoError(t, err)
	defer conn.Close()
	_, err = fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n%s: %s\r\n\r\nabc",
		inbox.SignatureHeader, inbox.Sign(secret, []byte("abcdefghij")))
	require.NoError(t, err)
	deadline := time.Now().Add(30 * time.Second)
	var resp *http.Response
	for time.Now().Before(deadline) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader("x"))
		req.Header.Set(inbox.SignatureHeader, inbox.Sign(secret, []byte("x")))
		r, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		r.Body.Close()
		if r.StatusCode == http.StatusTooManyRequests {
			resp = r
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	require.NotNil(t, resp, "a second request while the slot is taken gets 429")
	require.Equal(t, "5", resp.Header.Get("Retry-After"))
	// The rest of the first body arrives: it is read, verified and answered.
	_, err = conn.Write([]byte("defghij"))
	require.NoError(t, err)
	status, err := bufio.NewReader(conn).ReadString('\n')
	require.NoError(t, err)
	require.Contains(t, status, "200", "the first one is handled in turn")
}

// The IMAP poller always advances: a poison or oversized message is stored
// and quarantined (an oversized one fetched only up to the limit), one that
// fails to store is fetched again without holding up those behind it, and
// one that can never be stored is flagged and left for a person.
func TestIMAPPollerAdvancesPastWhatItCannotRead(t *testing.T) {
	p, sig, st := setup(t)
	p.MaxBytes = 64 << 10
	addr := imapServer(t, true)
	token := email.ReplyAddress(key, domain, "spring", "jane")
	appendMail(t, addr, []byte("Message-ID: <poison@evil.example>\r\nFrom: jane@creator.example\r\nTo: "+token+
		"\r\nSubject: =?utf-8?B?/w==?=\r\n\r\nyes\x00\r\n"))
	appendMail(t, addr, raw("big@creator.example", "jane@creator.example", token, "", "Yes "+strings.Repeat("x", 1<<20)))
	appendMail(t, addr, raw("flaky@creator.example", "jane@creator.example", token, "", "Draft: https://drive.example/d/3"))
	appendMail(t, addr, raw("never@creator.example", "jane@creator.example", token, "", "yes"))
	appendMail(t, addr, raw("good@creator.example", "jane@creator.example", token, "", "Yes, I'm in!"))

	var mu sync.Mutex
	calls := map[string]int{}
	poller := &email.Poller{
		Config: email.IMAPConfig{Addr: addr, Username: "partnerships", Password: "secret", TLS: "none",
			PollInterval: 200 * time.Millisecond, MaxSize: p.MaxBytes},
		Handle: func(ctx context.Context, msg []byte) error {
			mu.Lock()
			id := ""
			for _, k := range []string{"flaky", "never"} {
				if bytes.Contains(msg, []byte("<"+k+"@")) {
					id = k
				}
			}
			calls[id]++
			n := calls[id]
			mu.Unlock()
			switch {
			case id == "flaky" && n <= 2:
				return errors.New("postgres: connection refused")
			case id == "never":
				return fmt.Errorf("storing: %w", email.ErrUnstorable)
			}
			_, err := p.Deliver(ctx, "imap", msg)
			return err
		},
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { _ = poller.Run(ctx); close(stopped) }()
	defer func() { cancel(); <-stopped }()

	status := func(id string) string {
		r, err := st.InboundByMessageID(context.Background(), id)
		if err != nil {
			return ""
		}
		return r.Status
	}
	require.Eventually(t, func() bool { return status("good@creator.example") == inbox.StatusSignalled }, 20*time.Second, 20*time.Millisecond,
		"the good message behind the others is reached")
	require.Equal(t, inbox.StatusQuarantined, status("poison@evil.example"))
	big, err := st.InboundByMessageID(context.Background(), "big@creator.example")
	require.NoError(t, err)
	require.Equal(t, inbox.StatusQuarantined, big.Status)
	require.Contains(t, big.Note, "over the 65536-byte limit")
	require.Len(t, big.Raw, 64<<10, "only the start of it was fetched and kept")
	require.Eventually(t, func() bool { return status("flaky@creator.example") == inbox.StatusSignalled }, 30*time.Second, 20*time.Millisecond,
		"the message that failed to store is fetched again")
	mu.Lock()
	require.Equal(t, 1, calls["never"], "a message that can never be stored is not fetched again")
	mu.Unlock()
	require.Len(t, sig.to("spring", "jane"), 2)
}
