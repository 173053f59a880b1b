package email

import (
	"context"
	"fmt"
	"strings"
	"time"

	mail "github.com/wneessen/go-mail"
)

// SMTPConfig says how to reach the outgoing mail server.
type SMTPConfig struct {
	Host     string
	Port     int
	Username string
	Password string
	// TLS is "mandatory" (STARTTLS required; the default), "opportunistic"
	// or "none" (local test servers such as Mailpit).
	TLS string
}

// Message is one email ready to go.
type Message struct {
	ID         string // Message-ID without angle brackets
	From       string // "Name <addr>"
	To         string
	ReplyTo    string
	InReplyTo  string   // Message-ID of the email this answers, if any
	References []string // the thread so far
	Rendered
}

// Sender sends over SMTP with go-mail.
type Sender struct{ cfg SMTPConfig }

// NewSender checks the configuration.
func NewSender(cfg SMTPConfig) (*Sender, error) {
	if cfg.Host == "" {
		return nil, fmt.Errorf("email: SMTP_HOST is required")
	}
	if cfg.Port == 0 {
		cfg.Port = 587
	}
	switch cfg.TLS {
	case "":
		cfg.TLS = "mandatory"
	case "mandatory", "opportunistic", "none":
	default:
		return nil, fmt.Errorf("email: SMTP_TLS must be mandatory, opportunistic or none (got %q)", cfg.TLS)
	}
	return &Sender{cfg: cfg}, nil
}

// Send delivers one message.
func (s *Sender) Send(ctx context.Context, m Message) error {
	msg := mail.NewMsg()
	if err := msg.From(m.From); err != nil {
		return fmt.Errorf("email: bad From %q: %w", m.From, err)
	}
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("email: bad recipient %q: %w", m.To, err)
	}
	if m.ReplyTo != "" {
		if err := msg.ReplyTo(m.ReplyTo); err != nil {
			return fmt.Errorf("email: bad Reply-To %q: %w", m.ReplyTo, err)
		}
	}
	msg.SetMessageIDWithValue(m.ID)
	if m.InReplyTo != "" {
		msg.SetGenHeader(mail.HeaderInReplyTo, "<"+m.InReplyTo+">")
	}
	if len(m.References) > 0 {
		refs := make([]string, len(m.References))
		for i, r := range m.References {
			refs[i] = "<" + r + ">"
		}
		msg.SetGenHeader(mail.HeaderReferences, strings.Join(refs, " "))
	}
	msg.SetDate()
	msg.Subject(m.Subject)
	msg.SetBodyString(mail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(mail.TypeTextHTML, m.HTML)
	}

	opts := []mail.Option{mail.WithPort(s.cfg.Port), mail.WithTimeout(30 * time.Second)}
	switch s.cfg.TLS {
	case "mandatory":
		opts = append(opts, mail.WithTLSPortPolicy(mail.TLSMandatory))
	case "opportunistic":
		opts = append(opts, mail.WithTLSPortPolicy(mail.TLSOpportunistic))
	default:
		opts = append(opts, mail.WithTLSPortPolicy(mail.NoTLS))
	}
	if s.cfg.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(s.cfg.Username), mail.WithPassword(s.cfg.Password))
	}
	client, err := mail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return fmt.Errorf("email: SMTP client: %w", err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("email: sending to %s via %s:%d: %w", m.To, s.cfg.Host, s.cfg.Port, err)
	}
	return nil
}
