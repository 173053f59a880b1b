package cli

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/creatorflow/creatorflow/campaign"
)

// writeShortlistCSV writes one row per ranked and excluded creator: the
// score, each part's points, rate, flags, why excluded and the reasons.
func writeShortlistCSV(w io.Writer, sl campaign.Shortlist) error {
	cw := csv.NewWriter(w)
	head := []string{"rank", "platform", "handle", "tier", "followers", "score"}
	head = append(head, componentOrder...)
	head = append(head, "rate", "flags", "excluded", "reasons")
	_ = cw.Write(head)
	row := func(rank string, as campaign.Assessment) {
		r := []string{rank, as.Creator.Platform, as.Creator.Handle, string(as.Tier),
			strconv.FormatInt(as.Creator.Followers, 10), strconv.FormatFloat(as.Score, 'f', 1, 64)}
		var reasons []string
		for _, n := range componentOrder {
			c, _ := points(as, n)
			r = append(r, strconv.FormatFloat(c.Points, 'f', 1, 64))
			reasons = append(reasons, n+": "+c.Reason)
		}
		rate := ""
		if as.Rate != nil {
			rate = as.Rate.String()
		}
		var flags []string
		for _, f := range as.Flags {
			flags = append(flags, f.String())
		}
		r = append(r, rate, strings.Join(flags, " | "), as.Excluded, strings.Join(reasons, " | "))
		_ = cw.Write(r)
	}
	for i, as := range sl.Ranked {
		row(strconv.Itoa(i+1), as)
	}
	for _, as := range sl.Excluded {
		row("", as)
	}
	cw.Flush()
	return cw.Error()
}
