package main

import (
	"bytes"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/email"
	"github.com/creatorflow/creatorflow/integrations/tracking"
	"github.com/creatorflow/creatorflow/internal/testenv"
)

var linkRE = regexp.MustCompile(`http://127\.0\.0\.1:\d+/r/e2e-spring/jane\.glows`)

// measureE2E clicks jane's tracking link from her terms email (twice: counted
// once) and posts a signed order carrying her promo code to the worker.
func measureE2E(t *testing.T, httpAddr, key string, sink *testenv.MailSink) {
	t.Helper()
	var terms string
	for _, m := range sink.Messages() {
		if m.Header.Get("Message-Id") == "<"+email.MessageID([]byte(key), "lumen.test", "e2e-spring", "jane.glows", "terms")+">" {
			terms = m.Text()
		}
	}
	require.Contains(t, terms, "GLOW-JANEGLOWS", "the terms email carries the promo code")
	link := linkRE.FindString(terms)
	require.NotEmpty(t, link, "the terms email carries the tracking link: %s", terms)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for range 2 {
		req, _ := http.NewRequest("GET", link, nil)
		req.Header.Set("User-Agent", "Mozilla/5.0 (iPhone) Safari/604.1")
		resp, err := noFollow.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusFound, resp.StatusCode)
		require.Contains(t, resp.Header.Get("Location"), "https://lumen.example/serum?utm_campaign=e2e-spring&utm_content=jane.glows")
	}
	// Placed now: inside the window that opened when the terms went out.
	body := []byte(`{"order_id":"E2E-1","promo_code":"glow-janeglows","revenue":"3000.00","currency":"USD","time":"` +
		time.Now().UTC().Format(time.RFC3339) + `"}`)
	send := func(sig string) *http.Response {
		req, _ := http.NewRequest("POST", "http://"+httpAddr+"/conversions", bytes.NewReader(body))
		req.Header.Set(tracking.SignatureHeader, sig)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp
	}
	require.Equal(t, http.StatusUnauthorized, send("sha256=00").StatusCode)
	require.Equal(t, http.StatusOK, send(tracking.Sign([]byte(key), body)).StatusCode)
}

func checkMeasuredReport(t *testing.T, r campaign.Report) {
	t.Helper()
	var jane campaign.ReportLine
	for _, l := range r.Creators {
		if l.Handle == "jane.glows" {
			jane = l
		}
	}
	require.Equal(t, "1", campaign.FormatCount(jane.Clicks), "two clicks from one phone count once")
	require.Equal(t, "1", campaign.FormatCount(jane.Conversions))
	require.Equal(t, "3,000.00", campaign.FormatMoney(jane.Revenue))
	require.Equal(t, "+150.00%", campaign.FormatSignedPercent(jane.ROI)) // (3,000 − 1,200) / 1,200
	require.Equal(t, campaign.Funnel{Shortlisted: 3, Contacted: 3, Agreed: 1, Published: 1}, r.Funnel)
}
