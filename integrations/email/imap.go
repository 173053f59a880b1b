package email

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// IMAPConfig says how to read the partnerships mailbox.
type IMAPConfig struct {
	Addr     string // host:port
	Username string
	Password string
	Mailbox  string // default INBOX
	// TLS is "tls" (implicit TLS, port 993; the default), "starttls" or
	// "none" (local test servers).
	TLS string
	// PollInterval is how often the mailbox is checked when the server does
	// not offer IDLE, and the longest an IDLE waits before checking anyway.
	PollInterval time.Duration
	// Lookback bounds the first read of an existing mailbox: messages older
	// than this are never fetched.
	Lookback time.Duration
	// NoIdle polls even when the server offers IDLE (IMAP_IDLE=false, for
	// servers whose IDLE is unreliable).
	NoIdle bool
	// MaxSize bounds what is fetched of one message (INBOUND_MAX_BYTES,
	// default DefaultMaxSize): of a larger one only its first MaxSize+1
	// bytes are fetched and handed over, so the pipeline (with the same
	// limit) stores it truncated and quarantines it.
	MaxSize int64
}

// DefaultMaxSize is IMAPConfig.MaxSize when unset.
const DefaultMaxSize = 10 << 20

// ErrUnstorable marks a Handle error for a message that can never be
// stored, however often it is tried: the poller flags it SkippedFlag and
// moves on (it stays in the mailbox for a person) instead of retrying it.
var ErrUnstorable = errors.New("message cannot be stored")

// SkippedFlag marks a message the pipeline could not store at all.
const SkippedFlag imap.Flag = "$CreatorflowSkipped"

// StoredFlag marks a message the pipeline has stored; the poller fetches
// every message without it. A keyword, not \Seen, so a person reading the
// mailbox in their own client hides nothing from the poller.
const StoredFlag imap.Flag = "$CreatorflowStored"

// Poller reads new messages from an IMAP mailbox and hands each one's raw
// MIME to Handle. Only when Handle returns nil (the message is stored, which
// includes stored and quarantined) is it flagged: a crash in between means
// it is fetched again, and the store's Message-ID deduplication makes that
// harmless. A message Handle fails for does not hold up the ones behind it.
type Poller struct {
	Config IMAPConfig
	Handle func(ctx context.Context, raw []byte) error
	Logger *slog.Logger
	// Idle reports whether the last session used IDLE (for tests and logs).
	Idle bool
}

// Validate checks the configuration.
func (c *IMAPConfig) Validate() error {
	if c.Addr == "" {
		return errors.New("IMAP_ADDR is required to poll a mailbox (host:993)")
	}
	if c.Username == "" {
		return errors.New("IMAP_USERNAME is required with IMAP_ADDR")
	}
	switch c.TLS {
	case "":
		c.TLS = "tls"
	case "tls", "starttls", "none":
	default:
		return fmt.Errorf("IMAP_TLS must be tls, starttls or none (got %q)", c.TLS)
	}
	if c.Mailbox == "" {
		c.Mailbox = "INBOX"
	}
	if c.PollInterval <= 0 {
		c.PollInterval = time.Minute
	}
	if c.Lookback <= 0 {
		c.Lookback = 14 * 24 * time.Hour
	}
	if c.MaxSize <= 0 {
		c.MaxSize = DefaultMaxSize
	}
	return nil
}

// Run polls until ctx ends, reconnecting with backoff after errors.
func (p *Poller) Run(ctx context.Context) error {
	if err := p.Config.Validate(); err != nil {
		return err
	}
	log := p.Logger
	if log == nil {
		log = slog.Default()
	}
	backoff := time.Second
	for {
		err := p.session(ctx)
		if ctx.Err() != nil {
			return nil
		}
		log.Warn("IMAP session ended; reconnecting", "addr", p.Config.Addr, "error", err, "in", backoff)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 5*time.Minute)
	}
}

func (p *Poller) dial(opts *imapclient.Options) (*imapclient.Client, error) {
	switch p.Config.TLS {
	case "none":
		return imapclient.DialInsecure(p.Config.Addr, opts)
	case "starttls":
		return imapclient.DialStartTLS(p.Config.Addr, opts)
	default:
		return imapclient.DialTLS(p.Config.Addr, opts)
	}
}

// session is one connection: fetch what is new, then wait (IDLE or sleep), repeat.
func (p *Poller) session(ctx context.Context) error {
	arrived := make(chan struct{}, 1)
	opts := &imapclient.Options{UnilateralDataHandler: &imapclient.UnilateralDataHandler{
		Mailbox: func(d *imapclient.UnilateralDataMailbox) {
			if d.NumMessages != nil {
				select {
				case arrived <- struct{}{}:
				default:
				}
			}
		},
	}}
	c, err := p.dial(opts)
	if err != nil {
		return fmt.Errorf("connecting to %s: %w", p.Config.Addr, err)
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	if err := c.Login(p.Config.Username, p.Config.Password).Wait(); err != nil {
		return fmt.Errorf("IMAP login as %s: %w", p.Config.Username, err)
	}
	if _, err := c.Select(p.Config.Mailbox, nil).Wait(); err != nil {
		return fmt.Errorf("selecting %s: %w", p.Config.Mailbox, err)
	}
	caps := c.Caps()
	p.Idle = !p.Config.NoIdle && (caps.Has(imap.CapIdle) || caps.Has(imap.CapIMAP4rev2))
	for {
		if err := p.fetchNew(ctx, c); err != nil {
			return err
		}
		if p.Idle {
			idle, err := c.Idle()
			if err != nil {
				return fmt.Errorf("IDLE: %w", err)
			}
			select {
			case <-ctx.Done():
			case <-arrived:
			case <-time.After(p.Config.PollInterval):
			case <-c.Closed():
			}
			if err := idle.Close(); err != nil {
				return fmt.Errorf("ending IDLE: %w", err)
			}
			if err := idle.Wait(); err != nil {
				return fmt.Errorf("IDLE: %w", err)
			}
		} else {
			select {
			case <-ctx.Done():
			case <-time.After(p.Config.PollInterval):
			}
			if err := c.Noop().Wait(); err != nil {
				return err
			}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

func (p *Poller) fetchNew(ctx context.Context, c *imapclient.Client) error {
	crit := &imap.SearchCriteria{NotFlag: []imap.Flag{StoredFlag, SkippedFlag}, Since: time.Now().Add(-p.Config.Lookback)}
	data, err := c.UIDSearch(crit, nil).Wait()
	if err != nil {
		return fmt.Errorf("searching %s: %w", p.Config.Mailbox, err)
	}
	var failed []error
	for _, uid := range data.AllUIDs() {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		raw, ok, err := p.fetch(c, uid)
		if err != nil {
			return err
		}
		if !ok {
			continue // expunged meanwhile
		}
		flag := StoredFlag
		if err := p.Handle(ctx, raw); err != nil {
			if !errors.Is(err, ErrUnstorable) {
				// Not stored (PostgreSQL unreachable?): left unflagged, so it is
				// fetched again; the messages behind it are still tried.
				failed = append(failed, fmt.Errorf("message %d not stored (it will be fetched again): %w", uid, err))
				continue
			}
			p.logger().Error("IMAP message can never be stored: flagged "+string(SkippedFlag)+" and left in the mailbox for a person",
				"uid", uid, "mailbox", p.Config.Mailbox, "error", err)
			flag = SkippedFlag
		}
		if err := c.Store(imap.UIDSetNum(uid), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true,
			Flags: []imap.Flag{flag}}, nil).Close(); err != nil {
			return fmt.Errorf("flagging message %d as stored: %w", uid, err)
		}
	}
	return errors.Join(failed...) // the session restarts with back-off, and fetches what was not stored
}

// fetch reads one message, or its first MaxSize+1 bytes when it is larger
// (so a huge message is never held in memory whole).
func (p *Poller) fetch(c *imapclient.Client, uid imap.UID) ([]byte, bool, error) {
	set := imap.UIDSetNum(uid)
	sized, err := c.Fetch(set, &imap.FetchOptions{UID: true, RFC822Size: true}).Collect()
	if err != nil {
		return nil, false, fmt.Errorf("fetching the size of message %d: %w", uid, err)
	}
	if len(sized) == 0 {
		return nil, false, nil
	}
	section := &imap.FetchItemBodySection{Peek: true}
	if limit := p.Config.MaxSize; limit > 0 && sized[0].RFC822Size > limit {
		section.Partial = &imap.SectionPartial{Offset: 0, Size: limit + 1}
		p.logger().Warn("IMAP message over the size limit: only its start is fetched", "uid", uid, "size", sized[0].RFC822Size, "limit", limit)
	}
	msgs, err := c.Fetch(set, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		return nil, false, fmt.Errorf("fetching message %d: %w", uid, err)
	}
	if len(msgs) == 0 {
		return nil, false, nil
	}
	raw := msgs[0].FindBodySection(section)
	if raw == nil && len(msgs[0].BodySection) > 0 { // a partial section comes back named by its origin only
		raw = msgs[0].BodySection[0].Bytes
	}
	return raw, true, nil
}

func (p *Poller) logger() *slog.Logger {
	if p.Logger != nil {
		return p.Logger
	}
	return slog.Default()
}
