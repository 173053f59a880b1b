package campaign

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// RosterRow is one valid creator of a roster file and the line it starts on.
type RosterRow struct {
	Line    int
	Creator Creator
}

// Rejection is one row of a roster file that cannot be imported, and why.
type Rejection struct {
	Line   int    `json:"line"`
	Handle string `json:"handle,omitempty"`
	Reason string `json:"reason"`
}

func (r Rejection) String() string {
	if r.Handle != "" {
		return fmt.Sprintf("line %d (%s): %s", r.Line, r.Handle, r.Reason)
	}
	return fmt.Sprintf("line %d: %s", r.Line, r.Reason)
}

// RosterFile is a parsed roster file: the valid rows and the rejected ones.
type RosterFile struct {
	Rows     []RosterRow
	Rejected []Rejection
}

// RosterFormat picks csv or json from an explicit format or the file's extension.
func RosterFormat(path, format string) (string, error) {
	f := strings.ToLower(strings.TrimSpace(format))
	if f == "csv" || f == "json" {
		return f, nil
	}
	if f != "" {
		return "", fmt.Errorf("--format must be csv or json (got %q)", f)
	}
	switch ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), "."); ext {
	case "csv", "json":
		return ext, nil
	default:
		return "", fmt.Errorf("cannot tell the format of %s from its extension: name it .csv or .json, or give --format csv|json", path)
	}
}

// ReadRoster parses a roster file in the given format ("csv" or "json"). Each
// row is normalized and validated; a bad row, or a second row for the same
// platform and handle, becomes a Rejection with its line number. The error is
// for a file that cannot be read as a roster at all.
func ReadRoster(data []byte, format string) (RosterFile, error) {
	var rf RosterFile
	rr, err := NewRosterReader(bytes.NewReader(data), format)
	if err != nil {
		return rf, err
	}
	for {
		row, err := rr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return rf, err
		}
		rf.Rows = append(rf.Rows, row)
	}
	rf.Rejected = rr.Rejected
	sortRejections(rf.Rejected)
	return rf, nil
}

// RosterReader reads a roster file row by row, so a file of any size is
// imported in constant memory: Next gives the next valid row (normalized,
// validated, not a duplicate of an earlier platform and handle) and records
// every other one in Rejected with its line number and reason.
type RosterReader struct {
	src      rowSource
	seen     map[string]int
	Rejected []Rejection
	// Rows counts the rows read so far, valid or not.
	Rows int
}

// rowSource gives a file's rows in order: a row, or a rejection for a row
// that cannot be read; io.EOF at the end.
type rowSource interface {
	next() (RosterRow, *Rejection, error)
}

// NewRosterReader starts reading a roster in the given format ("csv" or
// "json"); it fails on a file that is not a roster at all (no CSV header, not
// a JSON array).
func NewRosterReader(r io.Reader, format string) (*RosterReader, error) {
	rr := &RosterReader{seen: map[string]int{}}
	var err error
	switch format {
	case "csv":
		rr.src, err = newCSVSource(r)
	case "json":
		rr.src, err = newJSONSource(r)
	default:
		return nil, fmt.Errorf("roster format must be csv or json (got %q)", format)
	}
	if err != nil {
		return nil, err
	}
	return rr, nil
}

// Next gives the next valid row; io.EOF at the end of the file; another
// error for a file that cannot be read further.
func (rr *RosterReader) Next() (RosterRow, error) {
	for {
		r, rej, err := rr.src.next()
		if err != nil {
			return RosterRow{}, err
		}
		rr.Rows++
		if rej != nil {
			rr.Rejected = append(rr.Rejected, *rej)
			continue
		}
		c := &r.Creator
		c.Normalize()
		if err := c.Validate(); err != nil {
			rr.Rejected = append(rr.Rejected, Rejection{Line: r.Line, Handle: c.Handle, Reason: err.Error()})
			continue
		}
		if first, dup := rr.seen[c.Key()]; dup {
			rr.Rejected = append(rr.Rejected, Rejection{Line: r.Line, Handle: c.Handle,
				Reason: fmt.Sprintf("duplicate of line %d (same platform and handle %s)", first, c.Key())})
			continue
		}
		rr.seen[c.Key()] = r.Line
		return r, nil
	}
}

func sortRejections(rs []Rejection) {
	for i := 1; i < len(rs); i++ { // few and nearly sorted: insertion sort
		for j := i; j > 0 && rs[j].Line < rs[j-1].Line; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}
