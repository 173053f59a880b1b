package campaign

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"strconv"
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
	var err error
	switch format {
	case "csv":
		err = readRosterCSV(data, &rf)
	case "json":
		err = readRosterJSON(data, &rf)
	default:
		return rf, fmt.Errorf("roster format must be csv or json (got %q)", format)
	}
	if err != nil {
		return rf, err
	}
	// Validate and drop duplicates, keeping the first occurrence.
	seen := make(map[string]int, len(rf.Rows))
	valid := rf.Rows[:0]
	for _, r := range rf.Rows {
		c := &r.Creator
		c.Normalize()
		if err := c.Validate(); err != nil {
			rf.Rejected = append(rf.Rejected, Rejection{Line: r.Line, Handle: c.Handle, Reason: err.Error()})
			continue
		}
		if first, dup := seen[c.Key()]; dup {
			rf.Rejected = append(rf.Rejected, Rejection{Line: r.Line, Handle: c.Handle,
				Reason: fmt.Sprintf("duplicate of line %d (same platform and handle %s)", first, c.Key())})
			continue
		}
		seen[c.Key()] = r.Line
		valid = append(valid, r)
	}
	rf.Rows = valid
	sortRejections(rf.Rejected)
	return rf, nil
}

func sortRejections(rs []Rejection) {
	for i := 1; i < len(rs); i++ { // few and nearly sorted: insertion sort
		for j := i; j > 0 && rs[j].Line < rs[j-1].Line; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

func readRosterJSON(data []byte, rf *RosterFile) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('[') {
		return errors.New("roster: a JSON roster is an array of creators: [{\"platform\": ..., \"handle\": ...}, ...]")
	}
	lines := newLineIndex(data)
	for dec.More() {
		start := lines.line(skipSpace(data, int(dec.InputOffset())))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fmt.Errorf("roster: line %d: not valid JSON: %v", start, err)
		}
		var c Creator
		strict := json.NewDecoder(bytes.NewReader(raw))
		strict.DisallowUnknownFields()
		if err := strict.Decode(&c); err != nil {
			rf.Rejected = append(rf.Rejected, Rejection{Line: start, Handle: handleOf(raw), Reason: jsonReason(err)})
			continue
		}
		rf.Rows = append(rf.Rows, RosterRow{Line: start, Creator: c})
	}
	return nil
}

// skipSpace moves past the separator and whitespace before the next value.
func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t' || data[i] == ',') {
		i++
	}
	return i
}

func handleOf(raw json.RawMessage) string {
	var h struct {
		Handle any `json:"handle"`
	}
	_ = json.Unmarshal(raw, &h)
	if s, ok := h.Handle.(string); ok {
		return strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "@")
	}
	return ""
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

type lineIndex []int // offsets where lines start

func newLineIndex(data []byte) lineIndex {
	idx := lineIndex{0}
	for i, b := range data {
		if b == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (l lineIndex) line(off int) int {
	lo, hi := 0, len(l)
	for lo+1 < hi {
		m := (lo + hi) / 2
		if l[m] <= off {
			lo = m
		} else {
			hi = m
		}
	}
	return lo + 1
}

// CSVColumns are the columns a CSV roster may have, in any order; the header
// row names them. Lists use ";" between items; breakdowns and rate cards use
// key=value items: "US=60;GB=25", "reel=1200.00 USD;story=300.00 USD";
// follower history "2026-01-01=40000;2026-02-01=45000" (optionally
// "=45000/1900" with average engagements); the comment sample as
// comments_sampled, commenters, top_commenters_pct and comment_texts
// (texts separated by "|").
var CSVColumns = []string{"platform", "handle", "name", "email", "followers", "avg_views", "avg_likes",
	"avg_comments", "avg_shares", "avg_saves", "country", "categories", "audience_countries", "audience_ages",
	"audience_genders", "rate_card", "follower_history", "brand_safety",
	"comments_sampled", "commenters", "top_commenters_pct", "comment_texts"}

var csvRequired = []string{"platform", "handle", "email", "followers"}

func readRosterCSV(data []byte, rf *RosterFile) error {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err == io.EOF {
		return errors.New("roster: the CSV file is empty; its first row names the columns: " + strings.Join(CSVColumns, ","))
	}
	if err != nil {
		return fmt.Errorf("roster: cannot read the CSV header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if !oneOf(h, CSVColumns) {
			return fmt.Errorf("roster: unknown CSV column %q; the columns are %s", h, strings.Join(CSVColumns, ", "))
		}
		if _, dup := col[h]; dup {
			return fmt.Errorf("roster: CSV column %q appears twice", h)
		}
		col[h] = i
	}
	for _, req := range csvRequired {
		if _, ok := col[req]; !ok {
			return fmt.Errorf("roster: the CSV has no %q column (required: %s)", req, strings.Join(csvRequired, ", "))
		}
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				rf.Rejected = append(rf.Rejected, Rejection{Line: pe.StartLine, Reason: "not valid CSV: " + pe.Err.Error()})
				continue
			}
			return fmt.Errorf("roster: %w", err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) != len(header) {
			rf.Rejected = append(rf.Rejected, Rejection{Line: line,
				Reason: fmt.Sprintf("has %d fields, the header has %d", len(rec), len(header))})
			continue
		}
		c, problems := creatorFromCSV(rec, col)
		if len(problems) > 0 {
			rf.Rejected = append(rf.Rejected, Rejection{Line: line, Handle: strings.ToLower(c.Handle), Reason: strings.Join(problems, "; ")})
			continue
		}
		rf.Rows = append(rf.Rows, RosterRow{Line: line, Creator: c})
	}
}

func creatorFromCSV(rec []string, col map[string]int) (Creator, []string) {
	get := func(name string) string {
		if i, ok := col[name]; ok {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var p []string
	num := func(name string) int64 {
		s := strings.ReplaceAll(get(name), ",", "")
		if s == "" {
			return 0
		}
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			p = append(p, fmt.Sprintf("%s must be a whole number (got %q)", name, get(name)))
		}
		return v
	}
	list := func(name string) []string {
		var out []string
		for _, s := range strings.Split(get(name), ";") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	pairs := func(name string, each func(k, v string) error) {
		for _, item := range list(name) {
			k, v, ok := strings.Cut(item, "=")
			if !ok {
				p = append(p, fmt.Sprintf("%s: want key=value items separated by \";\" (got %q)", name, item))
				continue
			}
			if err := each(strings.TrimSpace(k), strings.TrimSpace(v)); err != nil {
				p = append(p, fmt.Sprintf("%s: %s: %v", name, k, err))
			}
		}
	}
	percents := func(name string) map[string]float64 {
		var m map[string]float64
		pairs(name, func(k, v string) error {
			f, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64)
			if err != nil {
				return fmt.Errorf("want a percent (got %q)", v)
			}
			if m == nil {
				m = map[string]float64{}
			}
			m[k] = f
			return nil
		})
		return m
	}
	c := Creator{Platform: get("platform"), Handle: get("handle"), Name: get("name"), Email: get("email"),
		Followers: num("followers"), AvgViews: num("avg_views"), AvgLikes: num("avg_likes"),
		AvgComments: num("avg_comments"), Country: get("country"), Categories: list("categories")}
	c.AvgShares, c.AvgSaves = num("avg_shares"), num("avg_saves")
	c.Audience = Audience{Countries: percents("audience_countries"), Ages: percents("audience_ages"),
		Genders: percents("audience_genders")}
	pairs("rate_card", func(k, v string) error {
		m, err := ParseMoney(v)
		if err != nil {
			return err
		}
		if c.RateCard == nil {
			c.RateCard = map[string]Money{}
		}
		c.RateCard[k] = m
		return nil
	})
	pairs("follower_history", func(k, v string) error {
		fs, es, hasE := strings.Cut(v, "/")
		f, err := strconv.ParseInt(fs, 10, 64)
		if err != nil {
			return fmt.Errorf("want a follower count (got %q)", fs)
		}
		h := FollowerCount{Date: k, Followers: f}
		if hasE {
			if h.AvgEngagements, err = strconv.ParseInt(es, 10, 64); err != nil {
				return fmt.Errorf("want average engagements after \"/\" (got %q)", es)
			}
		}
		c.FollowerHistory = append(c.FollowerHistory, h)
		return nil
	})
	c.BrandSafety = list("brand_safety")
	c.Comments.Sampled, c.Comments.Commenters = int(num("comments_sampled")), int(num("commenters"))
	if s := strings.TrimSuffix(get("top_commenters_pct"), "%"); s != "" {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			p = append(p, fmt.Sprintf("top_commenters_pct must be a percent (got %q)", s))
		}
		c.Comments.TopCommenters = f
	}
	for _, t := range strings.Split(get("comment_texts"), "|") {
		if t = strings.TrimSpace(t); t != "" {
			c.Comments.Texts = append(c.Comments.Texts, t)
		}
	}
	return c, p
}
