package rostergen

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/creatorflow/creatorflow/campaign"
)

// WriteJSON writes the roster as the JSON roster format: an array, one creator a line.
func WriteJSON(w io.Writer, cs []campaign.Creator) error {
	// A bufio.Writer keeps its first error and returns it from Flush.
	bw := bufio.NewWriter(w)
	_, _ = bw.WriteString("[\n")
	for i, c := range cs {
		data, err := json.Marshal(c)
		if err != nil {
			return err
		}
		_, _ = bw.Write(data)
		if i < len(cs)-1 {
			_ = bw.WriteByte(',')
		}
		_ = bw.WriteByte('\n')
	}
	_, _ = bw.WriteString("]\n")
	return bw.Flush()
}

// WriteCSV writes the roster as the CSV roster format, every column.
func WriteCSV(w io.Writer, cs []campaign.Creator) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(campaign.CSVColumns); err != nil {
		return err
	}
	pairs := func(m map[string]float64) string {
		var out []string
		for _, k := range sortedKeys(m) {
			out = append(out, k+"="+strconv.FormatFloat(m[k], 'f', -1, 64))
		}
		return strings.Join(out, ";")
	}
	n := func(v int64) string { return strconv.FormatInt(v, 10) }
	for _, c := range cs {
		var rates, hist []string
		for _, k := range sortedKeys(c.RateCard) {
			m := c.RateCard[k]
			rates = append(rates, fmt.Sprintf("%s=%d.%02d %s", k, m.Amount/100, m.Amount%100, m.Currency))
		}
		for _, h := range c.FollowerHistory {
			s := h.Date + "=" + n(h.Followers)
			if h.AvgEngagements > 0 {
				s += "/" + n(h.AvgEngagements)
			}
			hist = append(hist, s)
		}
		cm := c.Comments
		row := []string{c.Platform, c.Handle, c.Name, c.Email, n(c.Followers), n(c.AvgViews), n(c.AvgLikes), n(c.AvgComments),
			n(c.AvgShares), n(c.AvgSaves), c.Country, strings.Join(c.Categories, ";"), pairs(c.Audience.Countries),
			pairs(c.Audience.Ages), pairs(c.Audience.Genders), strings.Join(rates, ";"), strings.Join(hist, ";"),
			strings.Join(c.BrandSafety, ";"), "", "", "", strings.Join(cm.Texts, "|")}
		if !cm.IsZero() {
			row[18], row[19], row[20] = strconv.Itoa(cm.Sampled), strconv.Itoa(cm.Commenters), strconv.FormatFloat(cm.TopCommenters, 'f', -1, 64)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
