package social

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// TikTok reads video figures with the TikTok Display API: POST
// /v2/video/query/ with the creator's token, up to 20 video ids a call, at
// most 600 calls a minute for the app (paced here).
type TikTok struct {
	BaseURL string // default https://open.tiktokapis.com
	HTTP    *http.Client
	PerMin  int // default 600

	limiter *limiter
	once    sync.Once
}

// TikTokMaxIDs is how many video ids one query takes.
const TikTokMaxIDs = 20

// TikTokFields are the video fields asked for.
var TikTokFields = []string{"id", "like_count", "comment_count", "share_count", "view_count", "video_description"}

type ttAnswer struct {
	Data struct {
		Videos []struct {
			ID               string `json:"id"`
			LikeCount        int64  `json:"like_count"`
			CommentCount     int64  `json:"comment_count"`
			ShareCount       int64  `json:"share_count"`
			ViewCount        int64  `json:"view_count"`
			VideoDescription string `json:"video_description"`
		} `json:"videos"`
	} `json:"data"`
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		LogID   string `json:"log_id"`
	} `json:"error"`
}

// Fetch implements Provider.
func (t *TikTok) Fetch(ctx context.Context, p Post, at time.Time) (Metrics, error) {
	r := t.FetchBatch(ctx, []Post{p}, at)
	return r[0].Metrics, r[0].Err
}

// FetchBatch implements BatchProvider: posts are grouped by creator token,
// 20 ids a call. A video left out of the answer is gone (PostGone).
func (t *TikTok) FetchBatch(ctx context.Context, posts []Post, _ time.Time) []Result {
	out := make([]Result, len(posts))
	ids := make([]string, len(posts))
	var tokens []string
	groups := map[string][]int{}
	for i, p := range posts {
		ids[i] = p.ID
		if ids[i] == "" {
			ref, err := ParsePostURL("tiktok", p.URL)
			if err != nil {
				out[i].Err = err
				continue
			}
			ids[i] = ref.ID
		}
		if strings.TrimSpace(p.Token) == "" {
			out[i].Err = &Error{Kind: KindTokenMissing, Platform: "tiktok", Message: "no access token is connected for @" + p.Handle}
			continue
		}
		if _, ok := groups[p.Token]; !ok {
			tokens = append(tokens, p.Token)
		}
		groups[p.Token] = append(groups[p.Token], i)
	}
	for _, tok := range tokens {
		idx := groups[tok]
		for len(idx) > 0 {
			n := min(len(idx), TikTokMaxIDs)
			chunk := idx[:n]
			idx = idx[n:]
			batch := make([]string, n)
			for k, i := range chunk {
				batch[k] = ids[i]
			}
			got, err := t.query(ctx, tok, batch)
			for _, i := range chunk {
				switch m, ok := got[ids[i]]; {
				case err != nil:
					out[i].Err = err
				case !ok:
					out[i].Err = &Error{Kind: KindPostGone, Platform: "tiktok", Message: fmt.Sprintf("video %s is not in the API's answer", ids[i])}
				default:
					out[i].Metrics = m
				}
			}
		}
	}
	return out
}

func (t *TikTok) query(ctx context.Context, token string, ids []string) (map[string]Metrics, error) {
	t.once.Do(func() {
		n := t.PerMin
		if n <= 0 {
			n = 600
		}
		t.limiter = newLimiter(time.Minute, n, 20)
	})
	if err := t.limiter.wait(ctx, "tiktok"); err != nil {
		return nil, err
	}
	base := strings.TrimRight(t.BaseURL, "/")
	if base == "" {
		base = "https://open.tiktokapis.com"
	}
	body, _ := json.Marshal(map[string]any{"filters": map[string]any{"video_ids": ids}})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost,
		base+"/v2/video/query/?"+url.Values{"fields": {strings.Join(TikTokFields, ",")}}.Encode(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, raw, err := do(t.HTTP, req, "tiktok", time.Minute)
	if err != nil {
		return nil, err
	}
	var a ttAnswer
	if jerr := json.Unmarshal(raw, &a); jerr != nil {
		return nil, &Error{Kind: KindUnavailable, Platform: "tiktok", Message: fmt.Sprintf("unreadable answer (%s): %s", resp.Status, snippet(raw))}
	}
	if a.Error.Code != "" && a.Error.Code != "ok" || resp.StatusCode != http.StatusOK {
		msg := fmt.Sprintf("video query answered %d %s: %s (log_id %s)", resp.StatusCode, a.Error.Code, a.Error.Message, a.Error.LogID)
		switch a.Error.Code {
		case "access_token_invalid", "scope_not_authorized", "scope_permission_missed":
			return nil, &Error{Kind: KindTokenRevoked, Platform: "tiktok", Message: msg}
		case "rate_limit_exceeded":
			return nil, &Error{Kind: KindRateLimited, Platform: "tiktok", Message: msg, RetryAfter: parseRetryAfter(resp.Header, time.Now(), time.Minute)}
		case "internal_error":
			return nil, &Error{Kind: KindUnavailable, Platform: "tiktok", Message: msg}
		}
		if resp.StatusCode == http.StatusUnauthorized {
			return nil, &Error{Kind: KindTokenRevoked, Platform: "tiktok", Message: msg}
		}
		return nil, &Error{Kind: KindMisconfigured, Platform: "tiktok", Message: msg}
	}
	out := make(map[string]Metrics, len(a.Data.Videos))
	for _, v := range a.Data.Videos {
		out[v.ID] = Metrics{Views: v.ViewCount, Likes: v.LikeCount, Comments: v.CommentCount, Shares: v.ShareCount,
			Source: "api", Caption: v.VideoDescription, CaptionKnown: true}
	}
	return out, nil
}
