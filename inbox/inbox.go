// Package inbox is the inbound-mail pipeline behind both doors (the IMAP
// poller and the provider webhook): store the raw message first, parse it,
// find its collaboration, and signal that collaboration's workflow. Nothing
// is dropped: a message that cannot be matched stays in PostgreSQL for ops
// (`starter inbox`), and one stored but not yet signalled when the process
// died is picked up again by Resume.
package inbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"

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
}

// Result says what became of one message.
type Result struct {
	ID         int64
	MessageID  string
	Status     string
	CampaignID string
	Handle     string
	MatchedBy  string
	Intent     campaign.Intent
	Note       string
}

func (p *Pipeline) log() *slog.Logger {
	if p.Logger != nil {
		return p.Logger
	}
	return slog.Default()
}

// Deliver stores a raw message, then handles it. An error means the message
// may not be stored: the door must not acknowledge it (IMAP leaves it unseen,
// the webhook answers 5xx so the provider retries). Once stored, a failure to
// signal is not an error of Deliver: the row stays 'received' for Resume.
func (p *Pipeline) Deliver(ctx context.Context, source string, raw []byte) (Result, error) {
	in, perr := email.ParseInbound(raw)
	if perr != nil { // unreadable headers: still stored, under a digest, for ops
		in, _ = email.ParseInbound([]byte("Subject: (unreadable message)\r\n\r\n"))
		in.MessageID = email.DigestID(raw)
	}
	id, fresh, err := p.Store.InsertInbound(ctx, postgres.InboundEmail{MessageID: in.MessageID, Source: source, Raw: raw,
		Sender: in.From, Subject: in.Subject})
	if err != nil {
		return Result{}, fmt.Errorf("inbox: storing message %s: %w", in.MessageID, err)
	}
	if !fresh {
		p.log().Info("inbound email already stored; duplicate delivery ignored", "message_id", in.MessageID, "source", source)
		p.count(StatusDuplicate)
		return Result{ID: id, MessageID: in.MessageID, Status: StatusDuplicate}, nil
	}
	row := postgres.InboundEmail{ID: id, MessageID: in.MessageID, Source: source, Raw: raw}
	res, err := p.handle(ctx, row)
	if err != nil {
		p.log().Warn("inbound email stored, not yet delivered; will retry", "id", id, "message_id", in.MessageID, "error", err)
		return Result{ID: id, MessageID: in.MessageID, Status: StatusReceived, Note: err.Error()}, nil
	}
	return res, nil
}

// Resume handles every stored message still waiting (after a crash, or a
// Temporal outage), oldest first, and says how many it settled.
func (p *Pipeline) Resume(ctx context.Context) (int, error) {
	rows, err := p.Store.PendingInbound(ctx, 100)
	if err != nil {
		return 0, err
	}
	done := 0
	var errs []error
	for _, r := range rows {
		if _, err := p.handle(ctx, r); err != nil {
			errs = append(errs, fmt.Errorf("inbound #%d: %w", r.ID, err))
			continue
		}
		done++
	}
	return done, errors.Join(errs...)
}

func (p *Pipeline) handle(ctx context.Context, row postgres.InboundEmail) (Result, error) {
	in, err := email.ParseInbound(row.Raw)
	res := Result{ID: row.ID, MessageID: row.MessageID}
	mark := func(status, note string) (Result, error) {
		res.Status, res.Note = status, note
		replyJSON, _ := json.Marshal(in.Reply)
		row.Status, row.Sender, row.Subject, row.Body, row.Intent, row.Reply = status, in.From, in.Subject, in.Text, string(in.Reply.Intent), replyJSON
		row.CampaignID, row.Handle, row.MatchedBy, row.Note = res.CampaignID, res.Handle, res.MatchedBy, note
		if err := p.Store.MarkInbound(ctx, row); err != nil {
			return res, err
		}
		p.count(status)
		return res, nil
	}
	if err != nil {
		return mark(StatusUnmatched, "unreadable message: "+err.Error())
	}
	res.Intent = in.Reply.Intent
	if in.AutoReply != "" {
		p.log().Info("auto-reply recorded, not acted on", "message_id", row.MessageID, "from", in.From, "why", in.AutoReply)
		return mark(StatusAutoReply, in.AutoReply)
	}

	// 1. The signed reply+ token in the address the creator wrote to.
	for _, to := range in.To {
		if !strings.HasPrefix(to, "reply+") {
			continue
		}
		c, h, err := email.ParseReplyAddress(p.Key, to)
		if err != nil {
			p.log().Warn("inbound email with a forged or altered reply token: not matched", "message_id", row.MessageID,
				"from", in.From, "to", to)
			return mark(StatusForged, "reply token does not verify: "+to)
		}
		res.CampaignID, res.Handle, res.MatchedBy = c, h, ByToken
		break
	}
	// 2. The thread: In-Reply-To, then References, against our Message-IDs.
	if res.MatchedBy == "" {
		c, h, ok, err := p.Store.CollaborationOf(ctx, append(append([]string{}, in.InReplyTo...), in.References...))
		if err != nil {
			return res, err
		}
		if ok {
			res.CampaignID, res.Handle, res.MatchedBy = c, h, ByThread
		}
	}
	// 3. The sender, when exactly one collaboration with them is open.
	if res.MatchedBy == "" && in.From != "" {
		open, err := p.Store.OpenCollaborationsOf(ctx, in.From)
		if err != nil {
			return res, err
		}
		switch len(open) {
		case 1:
			res.CampaignID, res.Handle, res.MatchedBy = open[0][0], open[0][1], BySender
		case 0:
		default:
			return mark(StatusUnmatched, fmt.Sprintf("sender %s has %d open collaborations; assign it by hand", in.From, len(open)))
		}
	}
	if res.MatchedBy == "" {
		return mark(StatusUnmatched, NoMatchNote)
	}
	p.readFor(ctx, &in, res.CampaignID)
	res.Intent = in.Reply.Intent
	if reason := unsure(in.Reading); reason != "" {
		return p.hold(ctx, res, in, HoldConfidence, reason, mark)
	}
	return p.signal(ctx, res, in.Reply, mark)
}

func (p *Pipeline) signal(ctx context.Context, res Result, reply campaign.Reply,
	mark func(status, note string) (Result, error)) (Result, error) {
	id := workflows.CollaborationWorkflowID(res.CampaignID, res.Handle)
	err := p.Signal.SignalWorkflow(ctx, id, "", workflows.SignalCreatorMessage, reply)
	var nf *serviceerror.NotFound
	switch {
	case errors.As(err, &nf):
		return mark(StatusUnmatched, "collaboration "+id+" is not running (finished or never started)")
	case err != nil:
		return res, fmt.Errorf("signalling %s: %w", id, err)
	}
	p.log().Info("creator email delivered", "workflow", id, "intent", reply.Intent, "matched_by", res.MatchedBy,
		"message_id", res.MessageID)
	return mark(StatusSignalled, "")
}

// Assign delivers a stored email to a collaboration a person chose, with the
// intent they chose (empty: the classifier's). It is how ops settle what the
// pipeline could not.
func (p *Pipeline) Assign(ctx context.Context, id int64, campaignID, handle string, intent campaign.Intent, url string) (Result, error) {
	row, err := p.Store.Inbound(ctx, id)
	if err != nil {
		return Result{}, err
	}
	in, err := email.ParseInbound(row.Raw)
	if err != nil {
		in = email.Inbound{MessageID: row.MessageID, Reply: campaign.Reply{MessageID: row.MessageID, Intent: campaign.IntentUnclear}}
	}
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
	res := Result{ID: id, MessageID: row.MessageID, CampaignID: campaignID, Handle: handle, MatchedBy: ByOperator, Intent: reply.Intent}
	wid := workflows.CollaborationWorkflowID(campaignID, handle)
	if err := p.Signal.SignalWorkflow(ctx, wid, "", workflows.SignalCreatorMessage, reply); err != nil {
		return Result{}, fmt.Errorf("delivering inbound #%d to %s: %w", id, wid, err)
	}
	replyJSON, _ := json.Marshal(reply)
	row.Status, row.Intent, row.Reply, row.CampaignID, row.Handle, row.MatchedBy = StatusAssigned, string(reply.Intent), replyJSON, campaignID, handle, ByOperator
	row.Sender, row.Subject, row.Body = in.From, in.Subject, in.Text
	res.Status = StatusAssigned
	if err := p.Store.MarkInbound(ctx, row); err != nil {
		return res, err
	}
	p.count(StatusAssigned)
	return res, nil
}
