package reply

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Normalize makes text comparable whatever the client did to it: NFKC (so
// full-width digits, ligatures and compatibility forms read as their plain
// letters), every Unicode space (NBSP, narrow NBSP, thin space, …) as a plain
// space, zero-width characters and other invisible formatting removed, line
// ends as "\n", and invalid UTF-8 replaced.
func Normalize(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r == '\u2028' || r == '\u2029':
			b.WriteByte('\n')
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		case unicode.Is(unicode.Cf, r) || r == 0 || unicode.IsControl(r):
			// zero-width spaces/joiners, BOMs, bidi marks, NULs: invisible, dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
