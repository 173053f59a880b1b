package testenv

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Mail is one message the sink received.
type Mail struct {
	From   string
	To     []string
	Raw    []byte
	Header mail.Header
}

// MailSink is a real SMTP server in the test process that keeps every message.
type MailSink struct {
	Addr string
	mu   sync.Mutex
	msgs []Mail
	// Refuse, when set, makes the server answer every message with a temporary failure.
	refuse bool
	// nobody are recipients answered 550 (no such user) at RCPT TO.
	nobody map[string]bool
}

// SMTP starts a sink for one test.
func SMTP(t testing.TB) *MailSink {
	t.Helper()
	sink := &MailSink{}
	s := smtp.NewServer(sink)
	s.Domain = "localhost"
	s.AllowInsecureAuth = true
	s.ReadTimeout, s.WriteTimeout = 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sink.Addr = l.Addr().String()
	go func() { _ = s.Serve(l) }()
	t.Cleanup(func() { _ = s.Close() })
	return sink
}

// Messages returns what was received so far.
func (s *MailSink) Messages() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.msgs...)
}

// SetRefusing makes the server fail (or accept again) every message.
func (s *MailSink) SetRefusing(on bool) {
	s.mu.Lock()
	s.refuse = on
	s.mu.Unlock()
}

// RefuseRecipient makes the server answer RCPT TO addr with a permanent
// 550 5.1.1, as a mail server does for a mailbox that does not exist.
func (s *MailSink) RefuseRecipient(addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.nobody == nil {
		s.nobody = map[string]bool{}
	}
	s.nobody[strings.ToLower(addr)] = true
}

// NewSession implements smtp.Backend.
func (s *MailSink) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{sink: s}, nil }

type session struct {
	sink *MailSink
	from string
	to   []string
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }
func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}
func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.sink.mu.Lock()
	nobody := x.sink.nobody[strings.ToLower(to)]
	x.sink.mu.Unlock()
	if nobody {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user here"}
	}
	x.to = append(x.to, to)
	return nil
}
func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.sink.mu.Lock()
	defer x.sink.mu.Unlock()
	if x.sink.refuse {
		return &smtp.SMTPError{Code: 451, Message: "try again later"}
	}
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	x.sink.msgs = append(x.sink.msgs, Mail{From: x.from, To: x.to, Raw: raw, Header: m.Header})
	return nil
}

// Text returns the decoded text/plain part of the message ("" if none).
func (m Mail) Text() string {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Raw))
	if err != nil {
		return ""
	}
	return textPart(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
}

func textPart(contentType, encoding string, body io.Reader) string {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err != nil {
				return ""
			}
			if t := textPart(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p); t != "" {
				return t
			}
		}
	}
	if mt != "text/plain" {
		return ""
	}
	if strings.EqualFold(encoding, "quoted-printable") {
		body = quotedprintable.NewReader(body)
	}
	b, _ := io.ReadAll(body)
	return string(b)
}
