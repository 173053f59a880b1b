// Package tracking is attribution's front door: the tracking-link redirect
// that counts clicks, the HMAC-signed conversions webhook, and the CSV import
// of orders. Orders are stored once per order id and credited to a creator by
// promo code first, tracking link second, within the creator's window.
package tracking

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
)

// SignatureHeader carries "sha256=<hex HMAC-SHA256 of the body>".
const SignatureHeader = "X-Creatorflow-Signature"

// DefaultDedupWindow: repeated clicks from one client within it count once.
const DefaultDedupWindow = 30 * time.Minute

// Service serves the redirect and the webhook and ingests orders.
type Service struct {
	Store       *postgres.Store
	Rates       campaign.Rates
	Key         []byte        // CONVERSIONS_HMAC_KEY; empty: the webhook is off
	DedupWindow time.Duration // 0: DefaultDedupWindow
	Now         func() time.Time
	Logger      *slog.Logger
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

func (s *Service) log() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

// Mount adds GET /r/{campaign}/{handle} and, with a key, POST /conversions.
func (s *Service) Mount(mux *http.ServeMux) {
	mux.HandleFunc("GET /r/{campaign}/{handle}", s.redirect)
	if len(s.Key) > 0 {
		mux.HandleFunc("POST /conversions", s.webhook)
	} else {
		s.log().Info("CONVERSIONS_HMAC_KEY not set: the conversions webhook is off (use `starter conversions import`)")
	}
}

var botMarks = []string{"bot", "crawl", "spider", "slurp", "preview", "facebookexternalhit", "headless",
	"curl/", "wget/", "python-requests", "go-http-client", "httpclient", "monitor", "scan"}

// IsBot tells crawlers, link unfurlers and scripts from people by user agent.
func IsBot(userAgent string) bool {
	ua := strings.ToLower(strings.TrimSpace(userAgent))
	if ua == "" {
		return true
	}
	for _, m := range botMarks {
		if strings.Contains(ua, m) {
			return true
		}
	}
	return false
}

func (s *Service) redirect(w http.ResponseWriter, r *http.Request) {
	cid, handle := r.PathValue("campaign"), r.PathValue("handle")
	// A NUL or an invalid byte can name no link, and PostgreSQL would refuse
	// the lookup: say so, instead of a 503 that invites retries.
	for _, v := range []string{cid, handle} {
		if err := plainText(v); err != nil {
			http.Error(w, "tracking link: "+err.Error(), http.StatusBadRequest)
			return
		}
	}
	t, ok, err := s.Store.Tracking(r.Context(), cid, handle)
	if err != nil {
		s.log().Error("tracking link lookup failed", "campaign", cid, "handle", handle, "error", err)
		http.Error(w, "temporarily unavailable, please retry", http.StatusServiceUnavailable)
		return
	}
	if !ok || t.Target == "" {
		http.NotFound(w, r)
		return
	}
	ua := r.UserAgent()
	sum := sha256.Sum256([]byte(clientNetwork(r.RemoteAddr)))
	window := s.DedupWindow
	if window <= 0 {
		window = DefaultDedupWindow
	}
	// The visitor is redirected whatever happens to the count.
	if _, err := s.Store.RecordClick(r.Context(), postgres.Click{CampaignID: cid, Handle: handle,
		Client: hex.EncodeToString(sum[:]), UserAgent: truncate(ua, 300), At: s.now(), Bot: IsBot(ua)}, window); err != nil {
		s.log().Error("click not recorded", "campaign", cid, "handle", handle, "error", err)
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, t.Target, http.StatusFound)
}

// clientNetwork is who a click comes from for de-duplication: the IPv4
// address, or the IPv6 /64 (one household or device; privacy addresses
// rotate inside it). The user agent is not part of it: anyone can send a new
// one with every click, which inflated counts. The cost: people behind one
// NAT clicking within the window count once, an undercount we prefer to a
// count the creator being measured can inflate.
func clientNetwork(remoteAddr string) string {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	addr = addr.Unmap()
	if addr.Is4() {
		return addr.String()
	}
	p, _ := addr.Prefix(64)
	return p.String()
}

// plainText refuses what cannot be stored as text or name anything: invalid
// UTF-8, NUL and other control characters.
func plainText(v string) error {
	if !utf8.ValidString(v) {
		return fmt.Errorf("invalid UTF-8 in %q", v)
	}
	for _, r := range v {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("control character %U in %q", r, v)
		}
	}
	return nil
}

// truncate cuts s to at most n bytes of valid UTF-8 without NUL (a user
// agent is stored as text: a NUL or a cut character would fail the insert).
func truncate(s string, n int) string {
	s = strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), "\uFFFD")
	for len(s) > n {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}

// Order is an order as the shop sends it (webhook JSON, one CSV row).
type Order struct {
	OrderID     string `json:"order_id"`
	PromoCode   string `json:"promo_code"`
	UTM         string `json:"utm"` // "utm_campaign=...&utm_content=..." (or the landing URL's query)
	UTMCampaign string `json:"utm_campaign"`
	UTMContent  string `json:"utm_content"`
	Revenue     string `json:"revenue"` // "49.90"
	Currency    string `json:"currency"`
	Time        string `json:"time"` // RFC 3339
}

// Conversion checks an order and turns it into a conversion to attribute.
func (o Order) Conversion() (campaign.Conversion, error) {
	c := campaign.Conversion{OrderID: strings.TrimSpace(o.OrderID), PromoCode: strings.TrimSpace(o.PromoCode),
		UTMCampaign: strings.TrimSpace(o.UTMCampaign), UTMContent: strings.TrimSpace(o.UTMContent)}
	var p []string
	if o.UTM != "" {
		q, err := url.ParseQuery(strings.TrimPrefix(o.UTM[strings.Index(o.UTM, "?")+1:], "?"))
		if err != nil {
			p = append(p, fmt.Sprintf("utm %q is not a query string", o.UTM))
		} else {
			c.UTMCampaign = firstNonEmpty(c.UTMCampaign, q.Get("utm_campaign"))
			c.UTMContent = firstNonEmpty(c.UTMContent, q.Get("utm_content"))
		}
	}
	for _, f := range []struct{ name, v string }{{"order_id", o.OrderID}, {"promo_code", o.PromoCode}, {"utm", o.UTM},
		{"utm_campaign", o.UTMCampaign}, {"utm_content", o.UTMContent}, {"revenue", o.Revenue}, {"currency", o.Currency}, {"time", o.Time}} {
		if err := plainText(f.v); err != nil {
			p = append(p, f.name+": "+err.Error())
		}
	}
	m, err := campaign.ParseMoney(strings.TrimSpace(o.Revenue) + " " + strings.ToUpper(strings.TrimSpace(o.Currency)))
	if err != nil {
		p = append(p, fmt.Sprintf("revenue %q %q: %v", o.Revenue, o.Currency, err))
	}
	c.Revenue = m
	if at, err := time.Parse(time.RFC3339, strings.TrimSpace(o.Time)); err != nil {
		p = append(p, fmt.Sprintf("time must be RFC 3339 like 2027-03-20T14:05:00Z (got %q)", o.Time))
	} else {
		c.At = at.UTC()
	}
	if len(p) > 0 {
		return c, fmt.Errorf("order %q: %s", c.OrderID, strings.Join(p, "; "))
	}
	return c, c.Check()
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Result says what became of one order.
type Result struct {
	Conversion campaign.Conversion `json:"conversion"`
	Duplicate  bool                `json:"duplicate"` // seen before: nothing changed
}

// Status is "attributed", "unattributed" or "duplicate".
func (r Result) Status() string {
	switch {
	case r.Duplicate:
		return "duplicate"
	case r.Conversion.Handle != "":
		return "attributed"
	}
	return "unattributed"
}

// ErrCurrency marks an order whose currency the campaign's report could not convert.
var ErrCurrency = errors.New("currency mismatch")

// Ingest attributes and stores one order (source: "webhook" or "csv"). An
// order id seen before changes nothing and is reported as a duplicate.
func (s *Service) Ingest(ctx context.Context, c campaign.Conversion, source string) (Result, error) {
	if err := c.Check(); err != nil {
		return Result{}, err
	}
	var lookupErr error
	byCode := func(code string) (campaign.Tracking, bool) {
		t, ok, err := s.Store.TrackingByCode(ctx, code)
		if err != nil {
			lookupErr = err
		}
		return t, ok
	}
	byLink := func(cid, handle string) (campaign.Tracking, bool) {
		t, ok, err := s.Store.Tracking(ctx, cid, handle)
		if err != nil {
			lookupErr = err
		}
		return t, ok
	}
	c = campaign.Attribute(c, byCode, byLink)
	if lookupErr != nil {
		return Result{}, lookupErr
	}
	if c.CampaignID != "" {
		b, err := s.Store.Campaign(ctx, c.CampaignID)
		switch {
		case errors.Is(err, postgres.ErrNoCampaign):
			c.Reason = strings.TrimPrefix(c.Reason+"; no campaign "+c.CampaignID, "; ")
			c.CampaignID, c.Handle, c.Via = "", "", ""
		case err != nil:
			return Result{}, err
		case !s.Rates.CanConvert(c.Revenue.Currency, b.Budget.Currency):
			return Result{}, fmt.Errorf("%w: order %s is in %s but campaign %s reports in %s, and there is no %s/%s rate in FX_RATES; nothing was stored",
				ErrCurrency, c.OrderID, c.Revenue.Currency, c.CampaignID, b.Budget.Currency, c.Revenue.Currency, b.Budget.Currency)
		}
	}
	fresh, stored, err := s.Store.SaveConversion(ctx, c, source)
	if err != nil {
		return Result{}, err
	}
	return Result{Conversion: stored, Duplicate: !fresh}, nil
}

// Sign is the signature header value for a body.
func Sign(key, body []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

func (s *Service) webhook(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, "cannot read the body", http.StatusBadRequest)
		return
	}
	if !hmac.Equal([]byte(r.Header.Get(SignatureHeader)), []byte(Sign(s.Key, body))) {
		http.Error(w, "bad or missing "+SignatureHeader+" (want sha256=<hex HMAC-SHA256 of the body>)", http.StatusUnauthorized)
		return
	}
	var o Order
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&o); err != nil {
		http.Error(w, "want a JSON order {order_id, promo_code, utm, revenue, currency, time}: "+err.Error(), http.StatusBadRequest)
		return
	}
	c, err := o.Conversion()
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	res, err := s.Ingest(r.Context(), c, "webhook")
	if errors.Is(err, ErrCurrency) {
		http.Error(w, err.Error(), http.StatusUnprocessableEntity)
		return
	}
	if err != nil {
		s.log().Error("order not stored", "order", c.OrderID, "error", err)
		http.Error(w, "order not stored, please retry", http.StatusServiceUnavailable)
		return
	}
	s.log().Info("order received", "order", c.OrderID, "status", res.Status(), "campaign", res.Conversion.CampaignID,
		"creator", res.Conversion.Handle, "reason", res.Conversion.Reason)
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{"status": res.Status(), "order_id": c.OrderID,
		"campaign_id": res.Conversion.CampaignID, "creator": res.Conversion.Handle, "reason": res.Conversion.Reason})
}

// ReadCSV reads orders with a header row naming the columns order_id, revenue,
// currency, time (required) and promo_code, utm, utm_campaign, utm_content
// (optional). Bad rows are returned as problems naming their line; good rows
// are returned in order.
func ReadCSV(r io.Reader) ([]campaign.Conversion, []string, error) {
	cr := csv.NewReader(r)
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("conversions CSV: cannot read the header row: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	var missing []string
	for _, need := range []string{"order_id", "revenue", "currency", "time"} {
		if _, ok := col[need]; !ok {
			missing = append(missing, need)
		}
	}
	if len(missing) > 0 {
		return nil, nil, fmt.Errorf("conversions CSV: the header lacks %s (have %s)", strings.Join(missing, ", "), strings.Join(head, ","))
	}
	cr.FieldsPerRecord = len(head)
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok {
			return rec[i]
		}
		return ""
	}
	var out []campaign.Conversion
	var problems []string
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("line %d: %v", line, err))
			continue
		}
		o := Order{OrderID: get(rec, "order_id"), PromoCode: get(rec, "promo_code"), UTM: get(rec, "utm"),
			UTMCampaign: get(rec, "utm_campaign"), UTMContent: get(rec, "utm_content"), Revenue: get(rec, "revenue"),
			Currency: get(rec, "currency"), Time: get(rec, "time")}
		c, err := o.Conversion()
		if err != nil {
			problems = append(problems, fmt.Sprintf("line %d: %v", line, err))
			continue
		}
		out = append(out, c)
	}
	return out, problems, nil
}
