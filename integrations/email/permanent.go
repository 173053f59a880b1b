package email

import (
	"errors"
	"strings"

	"github.com/wneessen/go-mail"
)

// Refused reports whether err is the mail server refusing this message for
// good: a 5xx reply to RCPT TO (no such mailbox, domain takes no mail) or to
// the message itself (DATA). Sending it again cannot succeed. A 5xx to MAIL
// FROM or to authentication is not reported: that is our configuration, not
// the creator's address, and it must not end every collaboration; it stays
// a retried failure ops can see and fix. reply is the server's answer, for
// the alert ops read.
func Refused(err error) (reply string, ok bool) {
	var se *mail.SendError
	if !errors.As(err, &se) || se.IsTemp() || se.ErrorCode() < 500 || se.ErrorCode() > 599 {
		return "", false
	}
	switch se.Reason {
	case mail.ErrSMTPRcptTo, mail.ErrSMTPData, mail.ErrSMTPDataClose:
		reply, _, _ = strings.Cut(se.Error(), ", affected message ID")
		return reply, true
	}
	return "", false
}
