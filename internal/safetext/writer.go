package safetext

import (
	"io"
	"unicode/utf8"
)

// Writer passes everything written through Terminal before it reaches w, so a
// program's whole output is safe at once. A multi-byte character split
// across two writes is held back until its rest arrives (at most 3 bytes):
// an incomplete character at the very end of the output is dropped.
type Writer struct {
	w       io.Writer
	pending []byte
}

// NewWriter wraps w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write implements io.Writer; it reports len(p) once the text is passed on.
func (s *Writer) Write(p []byte) (int, error) {
	buf := append(s.pending, p...)
	s.pending = nil
	// Hold back a trailing, incomplete (but so far valid) UTF-8 sequence.
	for k := 1; k <= 3 && k <= len(buf); k++ {
		start := len(buf) - k
		if !utf8.RuneStart(buf[start]) {
			continue
		}
		if !utf8.FullRune(buf[start:]) {
			s.pending = append([]byte(nil), buf[start:]...)
			buf = buf[:start]
		}
		break
	}
	if _, err := io.WriteString(s.w, Terminal(string(buf))); err != nil {
		return 0, err
	}
	return len(p), nil
}
