// Package inbox is the inbound-mail pipeline behind both doors (the IMAP
// poller and the provider webhook): store the raw message first, parse it,
// find its collaboration, prove the sender is its creator, and signal that
// collaboration's workflow. Nothing is dropped and nothing is guessed: a
// message that cannot be matched, authenticated or read stays in PostgreSQL
// for ops (`starter inbox`) as unmatched, forged, held or quarantined; one
// whose handling fails (Temporal down) backs off on its own and ends dead
// after MaxAttempts; one stored but not handled when the process died is
// picked up again by Resume. No message can block the ones behind it.
package inbox

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"go.temporal.io/api/serviceerror"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/email"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/workflows"
)

// Signaler delivers a signal; a Temporal client.Client is one.
type Signaler interface {
	SignalWorkflow(ctx context.Context, workflowID, runID, signalName string, arg any) error
}

// Statuses an inbound email ends in (see migration 00003).
const (
	StatusReceived  = "received"
	StatusSignalled = "signalled"
	StatusAutoReply = "auto_reply"
	StatusUnmatched = "unmatched"
	StatusForged    = "forged"
	StatusAssigned  = "assigned"
	// StatusHeld: matched to a collaboration but not acted on; a person
	// confirms or corrects it (HoldKind says why).
	StatusHeld = "held"
	// StatusQuarantined: could not be parsed or classified; Note holds the error.
	StatusQuarantined = "quarantined"
	// StatusDead: handling kept failing; retries ended, a person must look.
	StatusDead      = "dead"
	StatusDuplicate = "duplicate" // not stored: what Deliver reports for a message it already had
)

// Why a held message waits for a person.
const (
	HoldConfidence = "confidence" // the reading is not sure enough to act on
	HoldSender     = "sender"     // the sender is not the creator's known address
)

// Ways a message was matched to its collaboration.
const (
	ByToken     = "token"
	ByThread    = "thread"
	BySender    = "sender"
	ByOperator  = "operator"
	NoMatchNote = "no reply token, no known thread, and the sender has no single open collaboration"
)

// Defaults of the Pipeline's limits and retry schedule.
const (
	DefaultMaxBytes    = 10 << 20 // INBOUND_MAX_BYTES
	DefaultRetryBase   = 30 * time.Second
	DefaultRetryCap    = time.Hour
	DefaultMaxAttempts = 12 // about 6½ hours of retries at the defaults
	// lease is how long a message being handled is left to its handler
	// before Resume may take it (the handler's process may have died).
	lease = 2 * time.Minute
)

// Pipeline handles inbound mail.
type Pipeline struct {
	Store  *postgres.Store
	Key    []byte // REPLY_HMAC_KEY: verifies reply+ tokens
	Signal Signaler
	Logger *slog.Logger
	// Count, if set, is called once per message settled, with its outcome
	// (Outcome*): the worker counts them as creatorflow_inbound_emails.
	Count func(outcome string)
	// Triage, if set, is told of every reply held for a person (the
	// worker posts it to Slack); the row is held whether or not it works.
	Triage func(ctx context.Context, h Held) error
	// Alert, if set, tells ops of a quarantined email (the worker posts it
	// to Slack); it is listed by `starter inbox` either way.
	Alert func(ctx context.Context, text string) error
	// SettleLease: see DefaultSettleLease (zero takes it).
	SettleLease time.Duration
	// MaxBytes bounds one message (default DefaultMaxBytes): a larger one is
	// stored truncated to it and quarantined, never read.
	MaxBytes int64
	// AuthServIDs, if set, are the authserv-ids of our own receiving mail
	// servers: only their Authentication-Results are believed. Empty: every
	// such header counts (only failures are acted on, so a forged one can
	// only hold its own message).
	AuthServIDs []string
	// A message whose handling fails (Temporal or PostgreSQL unreachable) is
	// tried again after RetryBase, doubling up to RetryCap; after
	// MaxAttempts it is dead. Zero values take the defaults.
	RetryBase, RetryCap time.Duration
	MaxAttempts         int
	Now                 func() time.Time // default time.Now (tests move it)
}

// Result says what became of one message.
type Result struct {
	ID         int64
	MessageID  string
	Status     string
	CampaignID string
	Handle     string
	MatchedBy  string
	HoldKind   string
	Intent     campaign.Intent
	Note       string
}

func (p *Pipeline) log() *slog.Logger {
	if p.Logger != nil {
		return p.Logger
	}
	return slog.Default()
}

func (p *Pipeline) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *Pipeline) maxBytes() int64 { return cmp.Or(p.MaxBytes, DefaultMaxBytes) }

// Deliver stores a raw message, then handles it. An error means the message
// is not stored: the door must not acknowledge it (IMAP leaves it unseen,
// the webhook answers 5xx so the provider retries). Once stored, nothing the
// message holds makes Deliver fail: what cannot be read is quarantined, and
// a failure to signal leaves the row 'received', backing off, for Resume.
func (p *Pipeline) Deliver(ctx context.Context, source string, raw []byte) (Result, error) {
	size, tooBig := len(raw), int64(len(raw)) > p.maxBytes()
	if tooBig {
		raw = raw[:p.maxBytes()]
	}
	in, perr := email.ParseInbound(raw)
	leased := p.now().Add(lease)
	id, fresh, err := p.Store.InsertInbound(ctx, postgres.InboundEmail{MessageID: in.MessageID, Source: source, Raw: raw,
		Sender: in.From, Subject: in.Subject, NextAttemptAt: &leased})
	if isDataError(err) { // something in it PostgreSQL refuses: store the bytes under a digest, quarantined
		p.log().Error("inbound email could not be stored as parsed; storing its bytes only", "message_id", in.MessageID, "error", err)
		perr = fmt.Errorf("could not be stored as parsed: %v", err)
		in = email.Inbound{MessageID: email.DigestID(raw), Reply: campaign.Reply{Intent: campaign.IntentUnclear}}
		id, fresh, err = p.Store.InsertInbound(ctx, postgres.InboundEmail{MessageID: in.MessageID, Source: source, Raw: raw,
			NextAttemptAt: &leased})
		if isDataError(err) {
			return Result{}, fmt.Errorf("inbox: storing message %s: %w: %w", in.MessageID, email.ErrUnstorable, err)
		}
	}
	if err != nil {
		return Result{}, fmt.Errorf("inbox: storing message %s: %w", in.MessageID, err)
	}
	if !fresh {
		p.log().Info("inbound email already stored; duplicate delivery ignored", "message_id", in.MessageID, "source", source)
		p.count(StatusDuplicate)
		return Result{ID: id, MessageID: in.MessageID, Status: StatusDuplicate}, nil
	}
	row := postgres.InboundEmail{ID: id, MessageID: in.MessageID, Source: source, Raw: raw}
	if tooBig {
		perr = fmt.Errorf("message over the %d-byte limit (%d bytes received): stored truncated, not read", p.maxBytes(), size)
	}
	res, err := p.handle(ctx, row, in, perr)
	if err != nil {
		return p.retry(ctx, row, err), nil
	}
	return res, nil
}

// Resume handles the stored messages that are due: those a crash left
// unhandled and those whose back-off has passed, soonest due first (so stuck
// messages never starve newer ones), and says how many it settled.
func (p *Pipeline) Resume(ctx context.Context) (int, error) {
	now := p.now()
	rows, err := p.Store.ClaimDueInbound(ctx, now, now.Add(lease), 100)
	if err != nil {
		return 0, err
	}
	done := 0
	var errs []error
	for _, r := range rows {
		in, perr := email.ParseInbound(r.Raw)
		if _, err := p.handle(ctx, r, in, perr); err != nil {
			res := p.retry(ctx, r, err)
			errs = append(errs, fmt.Errorf("inbound #%d (%s): %w", r.ID, res.Status, err))
			continue
		}
		done++
	}
	return done, errors.Join(errs...)
}

// retry records a failed attempt at handling a stored message: it backs off
// (RetryBase doubling to RetryCap) or, after MaxAttempts, is dead.
func (p *Pipeline) retry(ctx context.Context, row postgres.InboundEmail, cause error) Result {
	attempts, limit := row.Attempts+1, cmp.Or(p.MaxAttempts, DefaultMaxAttempts)
	res := Result{ID: row.ID, MessageID: row.MessageID, Status: StatusReceived}
	var next *time.Time
	if attempts >= limit {
		res.Status = StatusDead
		res.Note = fmt.Sprintf("retries ended after %d attempts: %v; deliver it with `starter inbox assign`", attempts, cause)
	} else {
		wait := cmp.Or(p.RetryBase, DefaultRetryBase)
		for i := 1; i < attempts && wait < cmp.Or(p.RetryCap, DefaultRetryCap); i++ {
			wait *= 2
		}
		t := p.now().Add(min(wait, cmp.Or(p.RetryCap, DefaultRetryCap)))
		next = &t
		res.Note = fmt.Sprintf("not delivered yet (attempt %d of %d, next at %s): %v", attempts, limit, t.UTC().Format(time.RFC3339), cause)
	}
	if err := p.Store.RetryInbound(ctx, row.ID, attempts, next, res.Note); err != nil {
		p.log().Error("inbound email: recording a failed attempt failed too; it is retried after its lease", "id", row.ID, "error", err)
	}
	p.log().Warn("inbound email stored, not delivered", "id", row.ID, "message_id", row.MessageID, "status", res.Status, "note", res.Note)
	if res.Status == StatusDead {
		p.count(StatusDead)
	}
	return res
}

// settling is one message being handled: what is known of it so far, and
// how to record its outcome.
type settling struct {
	p   *Pipeline
	ctx context.Context
	row postgres.InboundEmail
	in  email.Inbound
	res Result
}

// mark records the outcome. When the row cannot be written as it is (a value
// PostgreSQL refuses), it is quarantined with the error instead, so a message
// never stays in the queue for what it contains.
func (s *settling) mark(status, note string) (Result, error) {
	s.res.Status, s.res.Note = status, note
	replyJSON, _ := json.Marshal(s.in.Reply)
	row := s.row
	row.Status, row.Sender, row.Subject, row.Body, row.Intent, row.Reply = status, s.in.From, s.in.Subject, s.in.Text, string(s.in.Reply.Intent), replyJSON
	row.CampaignID, row.Handle, row.MatchedBy, row.Note, row.HoldKind = s.res.CampaignID, s.res.Handle, s.res.MatchedBy, note, s.res.HoldKind
	if err := s.p.Store.MarkInbound(s.ctx, row); err != nil {
		if status == StatusQuarantined || !isDataError(err) {
			return s.res, err
		}
		s.in = email.Inbound{Reply: campaign.Reply{Intent: campaign.IntentUnclear}}
		return s.mark(StatusQuarantined, "could not be recorded: "+err.Error())
	}
	s.p.count(status)
	return s.res, nil
}

// isDataError says PostgreSQL refused a value (class 22 data exception or
// 54 program limit exceeded): trying the same again cannot help.
func isDataError(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (strings.HasPrefix(pe.Code, "22") || strings.HasPrefix(pe.Code, "54"))
}

// hold keeps a matched message for a person, never acting on it; kind is
// HoldSender or HoldConfidence, reason what ops are shown.
func (s *settling) hold(kind, reason string) (Result, error) {
	s.res.HoldKind = kind
	s.p.log().Warn("inbound email held for a person, not acted on", "message_id", s.row.MessageID, "kind", kind,
		"collaboration", s.res.CampaignID+"/"+s.res.Handle, "from", s.in.From, "why", reason)
	res, err := s.mark(StatusHeld, reason)
	if err == nil && res.Status == StatusHeld {
		s.p.triage(s.ctx, res, s.in, reason)
	}
	return res, err
}

func (s *settling) quarantine(reason string) (Result, error) {
	s.p.log().Warn("inbound email quarantined", "id", s.row.ID, "message_id", s.row.MessageID, "why", reason)
	res, err := s.mark(StatusQuarantined, reason)
	if err == nil && s.p.Alert != nil {
		// Ops are told (Slack when configured); the text is theirs to read,
		// never the sender's to format: the reason is escaped where posted.
		text := fmt.Sprintf("An inbound email was quarantined and will not be acted on: #%d from %s — %s. "+
			"See `starter inbox show %d`.", res.ID, orNone(s.in.From), reason, res.ID)
		if aerr := s.p.Alert(s.ctx, text); aerr != nil {
			s.p.log().Warn("quarantine alert not posted; the email waits in `starter inbox`", "id", res.ID, "error", aerr)
		}
	}
	return res, err
}

// handle settles one stored message. An error is a failure that may pass
// (Temporal or PostgreSQL unreachable): the caller retries it later.
func (p *Pipeline) handle(ctx context.Context, row postgres.InboundEmail, in email.Inbound, perr error) (res Result, err error) {
	s := &settling{p: p, ctx: ctx, row: row, in: in, res: Result{ID: row.ID, MessageID: row.MessageID}}
	defer func() {
		if r := recover(); r != nil { // a bug must cost one message, not the queue
			p.log().Error("inbound email handling panicked", "id", row.ID, "panic", r, "stack", string(debug.Stack()))
			res, err = s.quarantine(fmt.Sprintf("handling failed: %v", r))
		}
	}()
	if perr != nil {
		return s.quarantine(perr.Error())
	}
	if len(in.Malformed) > 0 {
		return s.quarantine("malformed message, not acted on: " + strings.Join(in.Malformed, "; "))
	}
	s.res.Intent = in.Reply.Intent
	if in.AutoReply != "" {
		p.log().Info("auto-reply recorded, not acted on", "message_id", row.MessageID, "from", in.From, "why", in.AutoReply)
		return s.mark(StatusAutoReply, in.AutoReply)
	}
	m, err := p.correlate(ctx, in)
	if err != nil {
		return s.res, err
	}
	s.res.CampaignID, s.res.Handle, s.res.MatchedBy = m.campaignID, m.handle, m.by
	offerKnown := true
	if m.campaignID != "" { // read knowing our offer before anything is held or acted on
		offerKnown = p.readFor(ctx, &s.in, m.campaignID)
		s.res.Intent = s.in.Reply.Intent
	}
	switch {
	case m.forged != "":
		p.log().Warn("inbound email with a forged or altered reply token: not matched", "message_id", row.MessageID,
			"from", in.From, "to", m.forged)
		return s.mark(StatusForged, "reply token does not verify: "+m.forged)
	case m.unmatched != "":
		return s.mark(StatusUnmatched, m.unmatched)
	case m.hold != "":
		return s.hold(HoldSender, m.hold)
	}
	if m.note != "" {
		p.log().Warn("inbound email acted on by its reply token from an address not the creator's", "message_id", row.MessageID,
			"from", in.From, "collaboration", m.campaignID+"/"+m.handle)
	}
	if reason := unsure(s.in.Reading); reason != "" {
		return s.hold(HoldConfidence, reason)
	}
	if !offerKnown && s.in.Reading.Intent.Actionable() && len(s.in.Reading.Amounts) > 0 {
		return s.hold(HoldConfidence, "the campaign's offer could not be read, so an amount cannot be told from our own fee")
	}
	return p.signal(s, m.note)
}

// match is who a message is from, as far as it can be proven.
type match struct {
	campaignID, handle, by string
	forged                 string // a reply token that does not verify
	unmatched              string // why it matched nothing
	hold                   string // why it may not be acted on: the sender is not authenticated
	note                   string // acted on, but worth recording
}

// correlate finds the message's collaboration and whether its sender is
// proven to be that creator. Only two things prove it: a reply token that
// verifies (an HMAC under our key, which a stranger cannot make), or a reply
// in one of our threads (In-Reply-To/References naming a Message-ID of ours,
// which are keyed hashes nobody can guess) from the creator's known address
// and not failing DKIM/DMARC. Anything else is held or unmatched.
func (p *Pipeline) correlate(ctx context.Context, in email.Inbound) (match, error) {
	// 1. The signed reply+ token, in any address it was delivered to.
	var bad []string
	var found [][2]string
	for _, to := range in.To {
		if !strings.HasPrefix(to, "reply+") {
			continue
		}
		c, h, err := email.ParseReplyAddress(p.Key, to)
		if err != nil {
			bad = append(bad, to)
		} else if !slices.Contains(found, [2]string{c, h}) {
			found = append(found, [2]string{c, h})
		}
	}
	switch {
	case len(found) > 1:
		return match{campaignID: found[0][0], handle: found[0][1], by: ByToken,
			hold: fmt.Sprintf("reply tokens of %d collaborations in one message; deliver it by hand", len(found))}, nil
	case len(found) == 1:
		m := match{campaignID: found[0][0], handle: found[0][1], by: ByToken}
		known, err := p.Store.CreatorAddresses(ctx, m.campaignID, m.handle)
		if err != nil {
			return m, err
		}
		if len(known) > 0 && !slices.Contains(normalised(known), in.From) {
			m.note = fmt.Sprintf("acted on by its reply token; From %s is not the creator's known address (%s)",
				orNone(in.From), strings.Join(known, ", "))
		}
		return m, nil
	case len(bad) > 0:
		return match{forged: bad[0]}, nil
	}

	// 2. The thread: In-Reply-To, then References, against our Message-IDs.
	c, h, ok, err := p.Store.CollaborationOf(ctx, append(append([]string{}, in.InReplyTo...), in.References...))
	if err != nil {
		return match{}, err
	}
	if ok {
		m := match{campaignID: c, handle: h, by: ByThread}
		known, err := p.Store.CreatorAddresses(ctx, c, h)
		if err != nil {
			return m, err
		}
		switch fail := email.AuthFailure(in.AuthResults, in.From, p.AuthServIDs); {
		case in.FromCount != 1:
			m.hold = fmt.Sprintf("a reply in %s/%s's thread whose From names %d addresses; a reply must come from the creator's address", c, h, in.FromCount)
		case !slices.Contains(normalised(known), in.From):
			m.hold = fmt.Sprintf("a reply in %s/%s's thread, but From %s is not the creator's known address (%s)", c, h,
				orNone(in.From), orNone(strings.Join(known, ", ")))
		case fail != "":
			m.hold = fmt.Sprintf("a reply in %s/%s's thread from %s, but the sender is not authenticated: %s", c, h, in.From, fail)
		}
		return m, nil
	}

	// 3. The sender alone proves nothing (a From is easy to forge): when
	// exactly one collaboration with them is open, it is held for a person
	// with that collaboration named.
	if in.From == "" {
		return match{unmatched: NoMatchNote}, nil
	}
	open, err := p.Store.OpenCollaborationsOf(ctx, in.From)
	if err != nil {
		return match{}, err
	}
	switch len(open) {
	case 0:
		return match{unmatched: NoMatchNote}, nil
	case 1:
		return match{campaignID: open[0][0], handle: open[0][1], by: BySender,
			hold: fmt.Sprintf("no reply token and no known thread; the sender %s has one open collaboration, %s/%s, "+
				"but a From address alone is easy to forge", in.From, open[0][0], open[0][1])}, nil
	default:
		return match{unmatched: fmt.Sprintf("sender %s has %d open collaborations; assign it by hand", in.From, len(open))}, nil
	}
}

// normalised turns stored addresses (possibly "Name <addr>") into bare lower-case addresses.
func normalised(list []string) []string {
	out := make([]string, 0, len(list))
	for _, a := range list {
		if pa, err := mail.ParseAddress(a); err == nil {
			a = pa.Address
		}
		out = append(out, strings.ToLower(strings.TrimSpace(a)))
	}
	return out
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func (p *Pipeline) signal(s *settling, note string) (Result, error) {
	res := s.res
	id := workflows.CollaborationWorkflowID(res.CampaignID, res.Handle)
	err := p.Signal.SignalWorkflow(s.ctx, id, "", workflows.SignalCreatorMessage, s.in.Reply)
	var nf *serviceerror.NotFound
	var bad *serviceerror.InvalidArgument
	switch {
	case errors.As(err, &nf):
		return s.mark(StatusUnmatched, "collaboration "+id+" is not running (finished or never started)")
	case errors.As(err, &bad): // e.g. too large for a signal: retrying cannot help
		return s.quarantine("Temporal refused the signal to " + id + ": " + bad.Error())
	case err != nil:
		return res, fmt.Errorf("signalling %s: %w", id, err)
	}
	p.log().Info("creator email delivered", "workflow", id, "intent", s.in.Reply.Intent, "matched_by", res.MatchedBy,
		"message_id", res.MessageID)
	return s.mark(StatusSignalled, note)
}

// Assign delivers a stored email to a collaboration a person chose, with the
// intent they chose (empty: the classifier's). It is how ops settle what the
// pipeline could not.
func (p *Pipeline) Assign(ctx context.Context, id int64, campaignID, handle string, intent campaign.Intent, url string) (Result, error) {
	row, err := p.Store.Inbound(ctx, id)
	if err != nil {
		return Result{}, err
	}
	in, _ := email.ParseInbound(row.Raw) // what cannot be read is unclear: the operator says what it means
	p.readFor(ctx, &in, campaignID)
	reply := in.Reply
	if intent != "" {
		reply.Intent = intent
	}
	if url != "" {
		reply.URL = url
	}
	if reply.Intent == campaign.IntentLink && reply.URL == "" {
		return Result{}, errors.New("a link reply needs --url")
	}
	row.CampaignID, row.Handle, row.Sender = campaignID, handle, in.From
	return p.claimAndDeliver(ctx, row, reply, "operator")
}
