package campaign

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

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

// csvSource streams a CSV roster whose first row names the columns.
type csvSource struct {
	r      *csv.Reader
	header []string
	col    map[string]int
}

func newCSVSource(in io.Reader) (*csvSource, error) {
	r := csv.NewReader(bufio.NewReaderSize(in, 256<<10))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	r.ReuseRecord = true
	header, err := r.Read()
	if err == io.EOF {
		return nil, errors.New("roster: the CSV file is empty; its first row names the columns: " + strings.Join(CSVColumns, ","))
	}
	if err != nil {
		return nil, fmt.Errorf("roster: cannot read the CSV header: %w", err)
	}
	header = append([]string(nil), header...)
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if !oneOf(h, CSVColumns) {
			return nil, fmt.Errorf("roster: unknown CSV column %q; the columns are %s", h, strings.Join(CSVColumns, ", "))
		}
		if _, dup := col[h]; dup {
			return nil, fmt.Errorf("roster: CSV column %q appears twice", h)
		}
		col[h] = i
	}
	for _, req := range csvRequired {
		if _, ok := col[req]; !ok {
			return nil, fmt.Errorf("roster: the CSV has no %q column (required: %s)", req, strings.Join(csvRequired, ", "))
		}
	}
	return &csvSource{r: r, header: header, col: col}, nil
}

func (s *csvSource) next() (RosterRow, *Rejection, error) {
	rec, err := s.r.Read()
	if err == io.EOF {
		return RosterRow{}, nil, io.EOF
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return RosterRow{}, &Rejection{Line: pe.StartLine, Reason: "not valid CSV: " + pe.Err.Error()}, nil
		}
		return RosterRow{}, nil, fmt.Errorf("roster: %w", err)
	}
	line, _ := s.r.FieldPos(0)
	if len(rec) != len(s.header) {
		return RosterRow{}, &Rejection{Line: line, Reason: fmt.Sprintf("has %d fields, the header has %d", len(rec), len(s.header))}, nil
	}
	c, problems := creatorFromCSV(rec, s.col)
	if len(problems) > 0 {
		return RosterRow{}, &Rejection{Line: line, Handle: strings.ToLower(c.Handle), Reason: strings.Join(problems, "; ")}, nil
	}
	return RosterRow{Line: line, Creator: c}, nil, nil
}

// csvRow reads one record's fields, collecting their problems.
type csvRow struct {
	rec      []string
	col      map[string]int
	problems []string
}

func (r *csvRow) get(name string) string {
	if i, ok := r.col[name]; ok {
		return strings.TrimSpace(r.rec[i])
	}
	return ""
}

func (r *csvRow) num(name string) int64 {
	s := strings.ReplaceAll(r.get(name), ",", "")
	if s == "" {
		return 0
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		r.problems = append(r.problems, fmt.Sprintf("%s must be a whole number (got %q)", name, r.get(name)))
	}
	return v
}

func (r *csvRow) list(name, sep string) []string {
	var out []string
	for _, s := range strings.Split(r.get(name), sep) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (r *csvRow) pairs(name string, each func(k, v string) error) {
	for _, item := range r.list(name, ";") {
		k, v, ok := strings.Cut(item, "=")
		if !ok {
			r.problems = append(r.problems, fmt.Sprintf("%s: want key=value items separated by \";\" (got %q)", name, item))
			continue
		}
		if err := each(strings.TrimSpace(k), strings.TrimSpace(v)); err != nil {
			r.problems = append(r.problems, fmt.Sprintf("%s: %s: %v", name, k, err))
		}
	}
}

func (r *csvRow) percents(name string) map[string]float64 {
	var m map[string]float64
	r.pairs(name, func(k, v string) error {
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

func creatorFromCSV(rec []string, col map[string]int) (Creator, []string) {
	r := &csvRow{rec: rec, col: col}
	c := Creator{Platform: r.get("platform"), Handle: r.get("handle"), Name: r.get("name"), Email: r.get("email"),
		Followers: r.num("followers"), AvgViews: r.num("avg_views"), AvgLikes: r.num("avg_likes"),
		AvgComments: r.num("avg_comments"), Country: r.get("country"), Categories: r.list("categories", ";")}
	c.AvgShares, c.AvgSaves = r.num("avg_shares"), r.num("avg_saves")
	c.Audience = Audience{Countries: r.percents("audience_countries"), Ages: r.percents("audience_ages"),
		Genders: r.percents("audience_genders")}
	r.pairs("rate_card", func(k, v string) error {
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
	r.pairs("follower_history", func(k, v string) error {
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
	c.BrandSafety = r.list("brand_safety", ";")
	c.Comments.Sampled, c.Comments.Commenters = int(r.num("comments_sampled")), int(r.num("commenters"))
	if s := strings.TrimSuffix(r.get("top_commenters_pct"), "%"); s != "" {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			r.problems = append(r.problems, fmt.Sprintf("top_commenters_pct must be a percent (got %q)", s))
		}
		c.Comments.TopCommenters = f
	}
	c.Comments.Texts = r.list("comment_texts", "|")
	return c, r.problems
}
