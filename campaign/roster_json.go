package campaign

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
)

// jsonSource streams a JSON roster: an array of creator objects.
type jsonSource struct {
	dec   *json.Decoder
	lines *lineReader
}

func newJSONSource(r io.Reader) (*jsonSource, error) {
	lr := &lineReader{r: bufio.NewReaderSize(r, 256<<10)}
	dec := json.NewDecoder(lr)
	dec.DisallowUnknownFields()
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('[') {
		return nil, errors.New("roster: a JSON roster is an array of creators: [{\"platform\": ..., \"handle\": ...}, ...]")
	}
	return &jsonSource{dec: dec, lines: lr}, nil
}

func (s *jsonSource) next() (RosterRow, *Rejection, error) {
	if !s.dec.More() {
		return RosterRow{}, nil, io.EOF
	}
	start := s.lines.line(s.dec.InputOffset() + skipped(s.dec.Buffered()))
	// One strict decoder over the stream: a wrong type or an unknown field
	// is reported after the whole object is consumed, so the next row reads
	// on; only broken JSON stops the file.
	var c Creator
	if err := s.dec.Decode(&c); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) || strings.HasPrefix(err.Error(), "json: unknown field ") {
			return RosterRow{}, &Rejection{Line: start, Handle: strings.TrimPrefix(strings.ToLower(strings.TrimSpace(c.Handle)), "@"),
				Reason: jsonReason(err)}, nil
		}
		return RosterRow{}, nil, fmt.Errorf("roster: line %d: not valid JSON: %v", s.lines.line(s.dec.InputOffset()), err)
	}
	return RosterRow{Line: start, Creator: c}, nil, nil
}

// skipped counts the separators and spaces before the next value in what
// the decoder has buffered.
func skipped(r io.Reader) int64 {
	var n int64
	var b [1]byte
	for {
		if _, err := r.Read(b[:]); err != nil {
			return n
		}
		switch b[0] {
		case ' ', '\n', '\r', '\t', ',':
			n++
		default:
			return n
		}
	}
}

// lineReader counts lines as the decoder reads ahead: it keeps the offsets
// of newlines not yet asked about, so memory stays small whatever the file.
type lineReader struct {
	r    io.Reader
	off  int64
	nl   []int64
	base int
}

func (l *lineReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for i := 0; i < n; {
		j := bytes.IndexByte(p[i:n], '\n')
		if j < 0 {
			break
		}
		l.nl = append(l.nl, l.off+int64(i+j))
		i += j + 1
	}
	l.off += int64(n)
	return n, err
}

// line is the 1-based line of offset off; offsets asked must not decrease.
func (l *lineReader) line(off int64) int {
	i := 0
	for i < len(l.nl) && l.nl[i] < off {
		i++
	}
	l.base += i
	l.nl = l.nl[i:]
	return l.base + 1
}

func jsonReason(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		want := te.Type.String()
		switch te.Type.Kind() {
		case reflect.Int, reflect.Int64, reflect.Int32:
			want = "whole number"
		case reflect.Float64:
			want = "number"
		case reflect.Slice:
			want = "list"
		case reflect.Map, reflect.Struct:
			want = "object"
		}
		return fmt.Sprintf("%s must be a %s (got a JSON %s)", te.Field, want, te.Value)
	}
	if s, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return "unknown field " + s + "; see the roster fields in the README"
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}
