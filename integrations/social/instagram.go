package social

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Instagram reads a post's insights with the Instagram Graph API and the
// creator's access token: GET /{media-id}/insights with the current metrics
// (views, reach, likes, comments, shares, saved, total_interactions; the
// deprecated impressions and plays are never asked for). The media id is
// found from the post's shortcode among the creator's media (GET /me/media),
// which also shows the caption, so the disclosure can be checked.
type Instagram struct {
	BaseURL string // default https://graph.instagram.com
	Version string // default v23.0
	HTTP    *http.Client
	// CallsPerHour paces calls per creator token; default 200 (the Graph
	// API's per-account budget).
	CallsPerHour int

	limiters keyedLimiters
	once     sync.Once
	mu       sync.Mutex
	ids      map[string]string // shortcode -> media id
}

// InstagramMetrics are the insights asked for, all current (non-deprecated) metrics.
var InstagramMetrics = []string{"views", "reach", "likes", "comments", "shares", "saved", "total_interactions"}

type igError struct {
	Error *struct {
		Message      string `json:"message"`
		Type         string `json:"type"`
		Code         int    `json:"code"`
		ErrorSubcode int    `json:"error_subcode"`
		FBTraceID    string `json:"fbtrace_id"`
	} `json:"error"`
}

type igMedia struct {
	ID        string `json:"id"`
	Caption   string `json:"caption"`
	Permalink string `json:"permalink"`
	Shortcode string `json:"shortcode"`
}

type igInsights struct {
	Data []struct {
		Name   string `json:"name"`
		Period string `json:"period"`
		Values []struct {
			Value int64 `json:"value"`
		} `json:"values"`
		TotalValue *struct {
			Value int64 `json:"value"`
		} `json:"total_value"`
	} `json:"data"`
}

func (g *Instagram) url(path string, q url.Values) string {
	base := strings.TrimRight(g.BaseURL, "/")
	if base == "" {
		base = "https://graph.instagram.com"
	}
	v := g.Version
	if v == "" {
		v = "v23.0"
	}
	return base + "/" + v + "/" + strings.TrimLeft(path, "/") + "?" + q.Encode()
}

// get calls the Graph API and decodes a success into out; errors are classified.
func (g *Instagram) get(ctx context.Context, token, path string, q url.Values, out any) error {
	g.once.Do(func() {
		n := g.CallsPerHour
		if n <= 0 {
			n = 200
		}
		g.limiters.mk = func() *limiter { return newLimiter(time.Hour, n, 20) }
	})
	if err := g.limiters.get(token).wait(ctx, "instagram"); err != nil {
		return err
	}
	q.Set("access_token", token)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, g.url(path, q), nil)
	if err != nil {
		return err
	}
	resp, body, err := do(g.HTTP, req, "instagram", 15*time.Minute)
	if err != nil {
		return err
	}
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, out); err != nil {
			return &Error{Kind: KindUnavailable, Platform: "instagram", Message: "unreadable answer: " + err.Error()}
		}
		return nil
	}
	var e igError
	_ = json.Unmarshal(body, &e)
	if e.Error == nil {
		return &Error{Kind: KindUnavailable, Platform: "instagram", Message: fmt.Sprintf("answered %s: %s", resp.Status, snippet(body))}
	}
	msg := fmt.Sprintf("Graph API error %d/%d (%s): %s", e.Error.Code, e.Error.ErrorSubcode, e.Error.Type, e.Error.Message)
	switch e.Error.Code {
	case 190, 102: // OAuthException: token expired, revoked, or the password changed
		return &Error{Kind: KindTokenRevoked, Platform: "instagram", Message: msg}
	case 4, 17, 32, 613, 80002: // application, user, page, custom and Instagram rate limits
		return &Error{Kind: KindRateLimited, Platform: "instagram", Message: msg, RetryAfter: parseRetryAfter(resp.Header, time.Now(), 15*time.Minute)}
	case 10, 200, 3:
		if strings.Contains(e.Error.Message, "Not enough viewers") {
			return errNotEnoughViewers
		}
		return &Error{Kind: KindMisconfigured, Platform: "instagram", Message: msg + " (the app lacks a permission, e.g. instagram_business_manage_insights)"}
	case 100:
		if e.Error.ErrorSubcode == 33 || strings.Contains(e.Error.Message, "does not exist") {
			return &Error{Kind: KindPostGone, Platform: "instagram", Message: msg}
		}
	}
	return &Error{Kind: KindMisconfigured, Platform: "instagram", Message: msg}
}

var errNotEnoughViewers = &Error{Kind: KindUnavailable, Platform: "instagram", Message: "not enough viewers yet for insights"}

// mediaID finds the Graph API id of the creator's post with this shortcode.
func (g *Instagram) mediaID(ctx context.Context, token, shortcode string) (string, error) {
	g.mu.Lock()
	id, ok := g.ids[shortcode]
	g.mu.Unlock()
	if ok {
		return id, nil
	}
	q := url.Values{"fields": {"id,permalink,shortcode,caption"}, "limit": {"100"}}
	path := "me/media"
	for page := 0; page < 20; page++ {
		var l struct {
			Data   []igMedia `json:"data"`
			Paging struct {
				Cursors struct {
					After string `json:"after"`
				} `json:"cursors"`
				Next string `json:"next"`
			} `json:"paging"`
		}
		if err := g.get(ctx, token, path, q, &l); err != nil {
			return "", err
		}
		for _, m := range l.Data {
			code := m.Shortcode
			if code == "" {
				if ref, err := ParsePostURL("instagram", m.Permalink); err == nil {
					code = ref.ID
				}
			}
			if code == shortcode {
				g.mu.Lock()
				if g.ids == nil {
					g.ids = map[string]string{}
				}
				g.ids[shortcode] = m.ID
				g.mu.Unlock()
				return m.ID, nil
			}
		}
		if l.Paging.Next == "" || l.Paging.Cursors.After == "" {
			break
		}
		q.Set("after", l.Paging.Cursors.After)
	}
	return "", &Error{Kind: KindPostGone, Platform: "instagram", Message: fmt.Sprintf("post %s is not among the creator's media (deleted, archived, or posted from another account)", shortcode)}
}

// Fetch implements Provider: the post's caption and its insights.
func (g *Instagram) Fetch(ctx context.Context, p Post, _ time.Time) (Metrics, error) {
	if strings.TrimSpace(p.Token) == "" {
		return Metrics{}, &Error{Kind: KindTokenMissing, Platform: "instagram", Message: "no access token is connected for @" + p.Handle}
	}
	code := p.ID
	if code == "" {
		ref, err := ParsePostURL("instagram", p.URL)
		if err != nil {
			return Metrics{}, err
		}
		code = ref.ID
	}
	id, err := g.mediaID(ctx, p.Token, code)
	if err != nil {
		return Metrics{}, err
	}
	var media igMedia
	if err := g.get(ctx, p.Token, id, url.Values{"fields": {"id,caption,permalink"}}, &media); err != nil {
		return Metrics{}, err
	}
	m := Metrics{Source: "api", Caption: media.Caption, CaptionKnown: true}
	var ins igInsights
	switch err := g.get(ctx, p.Token, id+"/insights", url.Values{"metric": {strings.Join(InstagramMetrics, ",")}}, &ins); {
	case err == errNotEnoughViewers:
		return m, nil // too early for insights: zeros, not a failure
	case err != nil:
		return Metrics{}, err
	}
	for _, d := range ins.Data {
		var v int64
		if d.TotalValue != nil {
			v = d.TotalValue.Value
		} else if len(d.Values) > 0 {
			v = d.Values[0].Value
		}
		switch d.Name {
		case "views":
			m.Views = v
		case "reach":
			m.Reach = v
		case "likes":
			m.Likes = v
		case "comments":
			m.Comments = v
		case "shares":
			m.Shares = v
		case "saved":
			m.Saves = v
		}
	}
	return m, nil
}
