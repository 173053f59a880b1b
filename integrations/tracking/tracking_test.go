package tracking

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/internal/testenv"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }

const browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36"

var issued = time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)

type fixture struct {
	store *postgres.Store
	svc   *Service
	srv   *httptest.Server
	now   time.Time
}

func setup(t *testing.T, rates string) *fixture {
	t.Helper()
	ctx := context.Background()
	store, err := postgres.Open(ctx, testenv.DatabaseURL(t))
	require.NoError(t, err)
	t.Cleanup(store.Close)
	b := campaign.Brief{ID: "spring", Name: "Spring", Brand: "Lumen", Budget: campaign.Money{Amount: 500000, Currency: "USD"},
		Measurement: campaign.Measurement{Link: "https://lumen.example/serum?ref=x", PromoPrefix: "GLOW"}}
	require.NoError(t, store.SaveCampaign(ctx, b))
	for _, h := range []string{"jane", "omar"} {
		_, err := store.IssueTracking(ctx, campaign.Tracking{CampaignID: "spring", Handle: h, Platform: "instagram",
			Code: campaign.PromoCode("GLOW", h), Target: campaign.TrackingTarget(b.Measurement, "spring", "instagram", h),
			IssuedAt: issued, Window: 7 * 24 * time.Hour})
		require.NoError(t, err)
	}
	r, err := campaign.ParseRates(rates)
	require.NoError(t, err)
	f := &fixture{store: store, now: issued.Add(time.Hour)}
	f.svc = &Service{Store: store, Rates: r, Key: []byte("0123456789abcdef-test"), Now: func() time.Time { return f.now }}
	mux := http.NewServeMux()
	f.svc.Mount(mux)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fixture) clicks(t *testing.T, handle string) int64 {
	tr, ok, err := f.store.Tracking(context.Background(), "spring", handle)
	require.NoError(t, err)
	require.True(t, ok)
	return tr.Clicks
}

func (f *fixture) click(t *testing.T, path, ua string) *http.Response {
	req, _ := http.NewRequest("GET", f.srv.URL+path, nil)
	req.Header.Set("User-Agent", ua)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp
}

func TestRedirectCountsClicksOncePerClientAndNotBots(t *testing.T) {
	f := setup(t, "")
	resp := f.click(t, "/r/spring/jane", browser)
	require.Equal(t, http.StatusFound, resp.StatusCode)
	require.Equal(t, "https://lumen.example/serum?ref=x&utm_campaign=spring&utm_content=jane&utm_medium=influencer&utm_source=instagram",
		resp.Header.Get("Location"))
	require.Equal(t, int64(1), f.clicks(t, "jane"))

	f.now = f.now.Add(5 * time.Minute)
	f.click(t, "/r/spring/jane", browser)
	require.Equal(t, int64(1), f.clicks(t, "jane"), "a repeat from the same client within the window counts once")

	for i := range 5 {
		f.click(t, "/r/spring/jane", fmt.Sprintf("%s Edg/%d", browser, 120+i))
	}
	require.Equal(t, int64(1), f.clicks(t, "jane"), "a new user agent with every click is still the same client")

	mux := http.NewServeMux()
	f.svc.Mount(mux)
	from := func(remote string) int {
		r := httptest.NewRequest(http.MethodGet, "/r/spring/jane", nil)
		r.RemoteAddr, r.Header["User-Agent"] = remote, []string{browser}
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		return w.Code
	}
	require.Equal(t, http.StatusFound, from("198.51.100.7:4444"))
	require.Equal(t, int64(2), f.clicks(t, "jane"), "another client counts")
	require.Equal(t, http.StatusFound, from("[2001:db8:1:2::10]:5555"))
	require.Equal(t, http.StatusFound, from("[2001:db8:1:2:aaaa::99]:5556"))
	require.Equal(t, int64(3), f.clicks(t, "jane"), "rotating IPv6 addresses within one /64 are one client")
	require.Equal(t, http.StatusFound, from("[2001:db8:1:3::10]:5555"))
	require.Equal(t, int64(4), f.clicks(t, "jane"), "another /64 is another client")

	for _, bot := range []string{"Slackbot-LinkExpanding 1.0", "facebookexternalhit/1.1", "curl/8.5", ""} {
		resp := f.click(t, "/r/spring/jane", bot)
		require.Equal(t, http.StatusFound, resp.StatusCode, "bots are redirected too")
	}
	require.Equal(t, int64(4), f.clicks(t, "jane"), "bots are not counted")

	f.now = f.now.Add(DefaultDedupWindow + time.Minute)
	f.click(t, "/r/spring/jane", browser)
	require.Equal(t, int64(5), f.clicks(t, "jane"), "the same client after the window counts again")
	require.Equal(t, int64(0), f.clicks(t, "omar"))

	require.Equal(t, http.StatusNotFound, f.click(t, "/r/spring/nobody", browser).StatusCode)
}

func (f *fixture) post(t *testing.T, body any, sign bool) (int, map[string]string, string) {
	data, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", f.srv.URL+"/conversions", bytes.NewReader(data))
	if sign {
		req.Header.Set(SignatureHeader, Sign(f.svc.Key, data))
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	out := map[string]string{}
	_ = json.Unmarshal(buf.Bytes(), &out)
	return resp.StatusCode, out, buf.String()
}

func TestWebhookAttributesDeduplicatesAndKeepsUnattributed(t *testing.T) {
	f := setup(t, "")
	ctx := context.Background()
	order := Order{OrderID: "1001", PromoCode: "glow-jane", Revenue: "49.90", Currency: "USD", Time: "2027-03-02T10:00:00Z"}

	code, _, body := f.post(t, order, false)
	require.Equal(t, http.StatusUnauthorized, code, body)
	code, out, body := f.post(t, order, true)
	require.Equal(t, http.StatusOK, code, body)
	require.Equal(t, map[string]string{"status": "attributed", "order_id": "1001", "campaign_id": "spring", "creator": "jane", "reason": ""}, out)

	code, out, _ = f.post(t, order, true)
	require.Equal(t, http.StatusOK, code, "a shop retrying its webhook gets a success")
	require.Equal(t, "duplicate", out["status"])

	// Link second: no code, the landing page's UTM.
	code, out, _ = f.post(t, Order{OrderID: "1002", UTM: "https://lumen.example/serum?utm_campaign=spring&utm_content=omar",
		Revenue: "20", Currency: "USD", Time: "2027-03-03T10:00:00Z"}, true)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "omar", out["creator"])

	// Code first: the code wins over another creator's link.
	_, out, _ = f.post(t, Order{OrderID: "1003", PromoCode: "GLOW-JANE", UTMCampaign: "spring", UTMContent: "omar",
		Revenue: "10.00", Currency: "USD", Time: "2027-03-03T11:00:00Z"}, true)
	require.Equal(t, "jane", out["creator"])

	// Unknown code, no link: kept, unattributed, with the reason.
	_, out, _ = f.post(t, Order{OrderID: "1004", PromoCode: "SPRING50", Revenue: "30.00", Currency: "USD", Time: "2027-03-03T12:00:00Z"}, true)
	require.Equal(t, "unattributed", out["status"])
	require.Contains(t, out["reason"], `unknown promo code "SPRING50"`)

	// Unknown code but a valid link: the link credits it.
	_, out, _ = f.post(t, Order{OrderID: "1005", PromoCode: "NOPE", UTMCampaign: "spring", UTMContent: "jane",
		Revenue: "5.00", Currency: "USD", Time: "2027-03-03T12:00:00Z"}, true)
	require.Equal(t, "jane", out["creator"])

	// Late: after the 7-day window from the code's issue.
	_, out, _ = f.post(t, Order{OrderID: "1006", PromoCode: "GLOW-OMAR", Revenue: "99.00", Currency: "USD", Time: "2027-03-09T12:00:01Z"}, true)
	require.Equal(t, "unattributed", out["status"])
	require.Equal(t, "spring", out["campaign_id"], "a late order stays visible in the campaign's report")
	require.Contains(t, out["reason"], "after the attribution window (7d from 2027-03-01T12:00:00Z)")

	// Bad payloads are named.
	code, _, body = f.post(t, Order{OrderID: "1007", Revenue: "1.999", Currency: "USD", Time: "yesterday"}, true)
	require.Equal(t, http.StatusBadRequest, code)
	require.Contains(t, body, "want at most two decimals")
	require.Contains(t, body, "time must be RFC 3339")

	convs, err := f.store.Conversions(ctx, "spring")
	require.NoError(t, err)
	got := map[string]string{}
	for _, c := range convs {
		got[c.OrderID] = c.Handle + "/" + c.Via
	}
	require.Equal(t, map[string]string{"1001": "jane/code", "1002": "omar/link", "1003": "jane/code", "1005": "jane/link", "1006": "/"}, got)
	unknown, err := f.store.UnknownConversions(ctx)
	require.NoError(t, err)
	require.Len(t, unknown, 1)
	require.Equal(t, "1004", unknown[0].OrderID, "an order no campaign claims is kept")
}

func TestCurrencyMismatch(t *testing.T) {
	f := setup(t, "")
	order := Order{OrderID: "E1", PromoCode: "GLOW-JANE", Revenue: "40.00", Currency: "EUR", Time: "2027-03-02T10:00:00Z"}
	code, _, body := f.post(t, order, true)
	require.Equal(t, http.StatusUnprocessableEntity, code)
	require.Contains(t, body, "order E1 is in EUR but campaign spring reports in USD, and there is no EUR/USD rate in FX_RATES")
	convs, err := f.store.Conversions(context.Background(), "spring")
	require.NoError(t, err)
	require.Empty(t, convs, "nothing stored: the shop retries once the rate is configured")

	f.svc.Rates, _ = campaign.ParseRates("EUR/USD=1.10")
	code, out, _ := f.post(t, order, true)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "jane", out["creator"])
}

func TestReadCSV(t *testing.T) {
	f := setup(t, "")
	csvText := "order_id,promo_code,utm,revenue,currency,time\n" +
		"C1,GLOW-JANE,,12.50,USD,2027-03-02T10:00:00Z\n" +
		"C1,GLOW-JANE,,12.50,USD,2027-03-02T10:00:00Z\n" + // duplicate in the file
		"C2,,utm_campaign=spring&utm_content=omar,8,usd,2027-03-02T11:00:00Z\n" +
		"C3,GLOW-JANE,,abc,USD,2027-03-02T10:00:00Z\n" +
		",GLOW-JANE,,1.00,USD,2027-03-02T10:00:00Z\n"
	convs, problems, err := ReadCSV(strings.NewReader(csvText))
	require.NoError(t, err)
	require.Len(t, convs, 3)
	require.Len(t, problems, 2)
	require.Contains(t, problems[0], `line 5: order "C3": revenue "abc"`)
	require.Contains(t, problems[1], "line 6: order \"\": order_id is required")
	var statuses []string
	for _, c := range convs {
		res, err := f.svc.Ingest(context.Background(), c, "csv")
		require.NoError(t, err)
		statuses = append(statuses, res.Status())
	}
	require.Equal(t, []string{"attributed", "duplicate", "attributed"}, statuses)

	_, _, err = ReadCSV(strings.NewReader("order,amount\n1,2\n"))
	require.ErrorContains(t, err, "the header lacks order_id, revenue, currency, time")
}

// A NUL or invalid byte in a link or an order is a clear 400, not a 503 from
// the database that the sender would retry forever.
func TestBadBytesAreAClearBadRequest(t *testing.T) {
	f := setup(t, "")
	for _, path := range []string{"/r/spring/ja%00ne", "/r/spr%FFing/jane", "/r/spring/jane%1b"} {
		resp, err := http.Get(f.srv.URL + path)
		require.NoError(t, err)
		var buf bytes.Buffer
		_, _ = buf.ReadFrom(resp.Body)
		resp.Body.Close()
		require.Equal(t, http.StatusBadRequest, resp.StatusCode, path)
		require.Contains(t, buf.String(), "tracking link: ", path)
	}
	code, _, body := f.post(t, Order{OrderID: "10\x0001", PromoCode: "GLOW-JANE", Revenue: "1.00", Currency: "USD", Time: "2027-03-02T10:00:00Z"}, true)
	require.Equal(t, http.StatusBadRequest, code, body)
	require.Contains(t, body, "order_id: control character U+0000")
	// A user agent with a NUL or cut in a character is stored cleaned; the click counts.
	mux := http.NewServeMux()
	f.svc.Mount(mux)
	r := httptest.NewRequest(http.MethodGet, "/r/spring/omar", nil)
	r.Header["User-Agent"] = []string{browser + "\x00" + strings.Repeat("é", 300)}
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	require.Equal(t, http.StatusFound, w.Code)
	require.Equal(t, int64(1), f.clicks(t, "omar"))
}
