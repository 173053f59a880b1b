package social

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var ctx = context.Background()

func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

// requireKind fails the test unless err is a social error of kind k.
func requireKind(t *testing.T, err error, k Kind) {
	t.Helper()
	_ = kindErr(t, err, k)
}

// kindErr is requireKind returning the error, to look further into it.
func kindErr(t *testing.T, err error, k Kind) *Error {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, k, KindOf(err), "error: %v", err)
	var e *Error
	require.ErrorAs(t, err, &e)
	return e
}

// --- YouTube -------------------------------------------------------------

func TestYouTubeBatchStatistics(t *testing.T) {
	var calls atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		require.Equal(t, "/youtube/v3/videos", r.URL.Path)
		require.Equal(t, "statistics", r.URL.Query().Get("part"))
		require.Equal(t, "KEY", r.URL.Query().Get("key"))
		ids := strings.Split(r.URL.Query().Get("id"), ",")
		require.LessOrEqual(t, len(ids), 50)
		var items []string
		for _, id := range ids {
			if id == "deletedVid0" { // deleted or private videos are simply left out
				continue
			}
			items = append(items, `{"kind":"youtube#video","etag":"x","id":"`+id+`","statistics":{"viewCount":"12345","likeCount":"678","favoriteCount":"0","commentCount":"90"}}`)
		}
		io.WriteString(w, `{"kind":"youtube#videoListResponse","etag":"e","items":[`+strings.Join(items, ",")+`],"pageInfo":{"totalResults":`+itoa(len(items))+`,"resultsPerPage":`+itoa(len(items))+`}}`)
	})
	y := &YouTube{APIKey: "KEY", BaseURL: srv.URL}
	var posts []Post
	for i := 0; i < 60; i++ {
		posts = append(posts, Post{Platform: "youtube", ID: "vid" + pad(i)})
	}
	posts[7].ID = "deletedVid0"
	res := y.FetchBatch(ctx, posts, time.Now())
	require.Equal(t, int32(2), calls.Load(), "60 videos take two calls of at most 50")
	require.Equal(t, 2, y.QuotaUsed(), "one quota unit a call")
	require.NoError(t, res[0].Err)
	require.Equal(t, Metrics{Views: 12345, Likes: 678, Comments: 90, Source: "api"}, res[0].Metrics)
	requireKind(t, res[7].Err, KindPostGone)
	require.NoError(t, res[59].Err)

	m, err := y.Fetch(ctx, Post{Platform: "youtube", URL: "https://youtu.be/abcdefghijk"}, time.Now())
	require.NoError(t, err)
	require.Equal(t, int64(12345), m.Views)
}

func TestYouTubeQuota(t *testing.T) {
	var calls atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"error":{"code":403,"message":"The request cannot be completed because you have exceeded your quota.","errors":[{"message":"The request cannot be completed because you have exceeded your quota.","domain":"youtube.quota","reason":"quotaExceeded"}]}}`)
	})
	now := time.Date(2027, 3, 1, 20, 0, 0, 0, time.UTC) // 12:00 in Los Angeles
	y := &YouTube{APIKey: "KEY", BaseURL: srv.URL, Now: func() time.Time { return now }}
	_, err := y.Fetch(ctx, Post{ID: "abcdefghijk"}, now)
	e := kindErr(t, err, KindQuotaExhausted)
	require.Equal(t, 12*time.Hour, e.RetryAfter, "retry at midnight Pacific, when the quota resets")
	_, err = y.Fetch(ctx, Post{ID: "abcdefghijk"}, now)
	requireKind(t, err, KindQuotaExhausted)
	require.Equal(t, int32(1), calls.Load(), "a spent quota is not asked again before the reset")

	// Our own count stops at the configured quota without calling.
	ok := serve(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{"items":[]}`) })
	y2 := &YouTube{APIKey: "KEY", BaseURL: ok.URL, DailyQuota: 2, Now: func() time.Time { return now }}
	for i := 0; i < 2; i++ {
		_, err := y2.Fetch(ctx, Post{ID: "abcdefghijk"}, now)
		requireKind(t, err, KindPostGone)
	}
	_, err = y2.Fetch(ctx, Post{ID: "abcdefghijk"}, now)
	requireKind(t, err, KindQuotaExhausted)
	now = now.Add(12 * time.Hour) // next Pacific day
	_, err = y2.Fetch(ctx, Post{ID: "abcdefghijk"}, now)
	requireKind(t, err, KindPostGone)
}

func TestYouTube429AndBadKey(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("key") == "BAD" {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","errors":[{"message":"API key not valid. Please pass a valid API key.","domain":"global","reason":"badRequest"}],"status":"INVALID_ARGUMENT"}}`)
			return
		}
		w.Header().Set("Retry-After", "42")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"error":{"code":429,"message":"Too many requests","errors":[{"reason":"rateLimitExceeded"}]}}`)
	})
	_, err := (&YouTube{APIKey: "KEY", BaseURL: srv.URL}).Fetch(ctx, Post{ID: "abcdefghijk"}, time.Now())
	require.Equal(t, 42*time.Second, kindErr(t, err, KindRateLimited).RetryAfter)
	_, err = (&YouTube{APIKey: "BAD", BaseURL: srv.URL}).Fetch(ctx, Post{ID: "abcdefghijk"}, time.Now())
	require.False(t, kindErr(t, err, KindMisconfigured).Kind.Retryable())
	require.Contains(t, err.Error(), "API key not valid")
}

// --- Instagram -----------------------------------------------------------

func igServer(t *testing.T, token string, media map[string]string, calls *[]string) *httptest.Server {
	return serve(t, func(w http.ResponseWriter, r *http.Request) {
		*calls = append(*calls, r.URL.Path+"?"+r.URL.Query().Get("metric"))
		if r.URL.Query().Get("access_token") != token {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":{"message":"Error validating access token: Session has expired on Friday, 01-Mar-27 10:00:00 PST.","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"AbC"}}`)
			return
		}
		path := strings.TrimPrefix(r.URL.Path, "/v23.0/")
		switch {
		case path == "me/media":
			var data []string
			for code, id := range media {
				data = append(data, `{"id":"`+id+`","permalink":"https://www.instagram.com/reel/`+code+`/","caption":"x"}`)
			}
			io.WriteString(w, `{"data":[`+strings.Join(data, ",")+`],"paging":{"cursors":{"before":"a","after":"b"}}}`)
		case strings.HasSuffix(path, "/insights"):
			if strings.HasPrefix(path, "gone") {
				w.WriteHeader(http.StatusBadRequest)
				io.WriteString(w, `{"error":{"message":"Unsupported get request. Object with ID 'gone1' does not exist, cannot be loaded due to missing permissions, or does not support this operation.","type":"GraphMethodException","code":100,"error_subcode":33,"fbtrace_id":"X"}}`)
				return
			}
			require.Equal(t, "views,reach,likes,comments,shares,saved,total_interactions", r.URL.Query().Get("metric"))
			io.WriteString(w, `{"data":[
			 {"name":"views","period":"lifetime","values":[{"value":5000}],"title":"Views","description":"d","id":"1/insights/views/lifetime"},
			 {"name":"reach","period":"lifetime","values":[{"value":4000}],"title":"Reach","id":"1/insights/reach/lifetime"},
			 {"name":"likes","period":"lifetime","values":[{"value":300}],"id":"1/insights/likes/lifetime"},
			 {"name":"comments","period":"lifetime","values":[{"value":20}],"id":"1/insights/comments/lifetime"},
			 {"name":"shares","period":"lifetime","values":[{"value":10}],"id":"1/insights/shares/lifetime"},
			 {"name":"saved","period":"lifetime","values":[{"value":15}],"id":"1/insights/saved/lifetime"},
			 {"name":"total_interactions","period":"lifetime","values":[{"value":345}],"id":"1/insights/total_interactions/lifetime"}]}`)
		default:
			if strings.HasPrefix(path, "gone") {
				io.WriteString(w, `{"id":"`+path+`","caption":"old"}`)
				return
			}
			io.WriteString(w, `{"id":"`+path+`","caption":"Loving the new serum ✨ #AD #skincare","permalink":"https://www.instagram.com/reel/C1/"}`)
		}
	})
}

func TestInstagramInsights(t *testing.T) {
	var calls []string
	srv := igServer(t, "TOK", map[string]string{"Cabc123": "17890001", "Cgone99": "gone1"}, &calls)
	g := &Instagram{BaseURL: srv.URL}
	m, err := g.Fetch(ctx, Post{Platform: "instagram", URL: "https://www.instagram.com/reel/Cabc123/?igsh=x", Token: "TOK"}, time.Now())
	require.NoError(t, err)
	require.Equal(t, Metrics{Views: 5000, Reach: 4000, Likes: 300, Comments: 20, Shares: 10, Saves: 15, Source: "api",
		Caption: "Loving the new serum ✨ #AD #skincare", CaptionKnown: true}, m)
	require.True(t, HasDisclosure(m.Caption, "#ad"))
	for _, c := range calls {
		require.NotContains(t, c, "impressions")
		require.NotContains(t, c, "plays")
	}
	n := len(calls)
	_, err = g.Fetch(ctx, Post{Platform: "instagram", ID: "Cabc123", Token: "TOK"}, time.Now())
	require.NoError(t, err)
	require.Equal(t, 2, len(calls)-n, "the media id is remembered: caption and insights only")

	_, err = g.Fetch(ctx, Post{Platform: "instagram", ID: "Cgone99", Token: "TOK"}, time.Now())
	requireKind(t, err, KindPostGone)
	_, err = g.Fetch(ctx, Post{Platform: "instagram", ID: "Cnever1", Token: "TOK"}, time.Now())
	requireKind(t, err, KindPostGone)
}

func TestInstagramTokenAndRateLimit(t *testing.T) {
	var calls []string
	srv := igServer(t, "TOK", map[string]string{"Cabc123": "1"}, &calls)
	_, err := (&Instagram{BaseURL: srv.URL}).Fetch(ctx, Post{Platform: "instagram", ID: "Cabc123", Token: "EXPIRED", Handle: "ana"}, time.Now())
	e := kindErr(t, err, KindTokenRevoked)
	require.False(t, e.Kind.Retryable())
	require.Contains(t, err.Error(), "reconnect")
	_, err = (&Instagram{BaseURL: srv.URL}).Fetch(ctx, Post{Platform: "instagram", ID: "Cabc123", Handle: "ana"}, time.Now())
	requireKind(t, err, KindTokenMissing)

	limited := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"error":{"message":"(#4) Application request limit reached","type":"OAuthException","is_transient":true,"code":4,"fbtrace_id":"Y"}}`)
	})
	_, err = (&Instagram{BaseURL: limited.URL}).Fetch(ctx, Post{Platform: "instagram", ID: "Cabc123", Token: "T"}, time.Now())
	require.Equal(t, 15*time.Minute, kindErr(t, err, KindRateLimited).RetryAfter)

	tooMany := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	_, err = (&Instagram{BaseURL: tooMany.URL}).Fetch(ctx, Post{Platform: "instagram", ID: "Cabc123", Token: "T"}, time.Now())
	require.Equal(t, 2*time.Minute, kindErr(t, err, KindRateLimited).RetryAfter)

	// Our own pacing: with one call an hour, the second call is handed back as RateLimited.
	var c2 []string
	srv2 := igServer(t, "TOK", map[string]string{"Cabc123": "1"}, &c2)
	g := &Instagram{BaseURL: srv2.URL, CallsPerHour: 1}
	g.once.Do(func() { g.limiters.mk = func() *limiter { return newLimiter(time.Hour, 1, 1) } })
	_, err = g.Fetch(ctx, Post{Platform: "instagram", ID: "Cabc123", Token: "TOK"}, time.Now())
	e = kindErr(t, err, KindRateLimited)
	require.Greater(t, e.RetryAfter, 30*time.Minute)
}

// --- TikTok --------------------------------------------------------------

func ttServer(t *testing.T, calls *atomic.Int32) *httptest.Server {
	return serve(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		require.Equal(t, http.MethodPost, r.Method)
		require.Equal(t, "/v2/video/query/", r.URL.Path)
		require.Contains(t, r.URL.Query().Get("fields"), "view_count")
		if r.Header.Get("Authorization") == "Bearer EXPIRED" {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"data":{},"error":{"code":"access_token_invalid","message":"The access token is invalid or not found in the request.","log_id":"2027030112000001"}}`)
			return
		}
		if r.Header.Get("Authorization") == "Bearer BUSY" {
			w.Header().Set("Retry-After", "30")
			w.WriteHeader(http.StatusTooManyRequests)
			io.WriteString(w, `{"data":{},"error":{"code":"rate_limit_exceeded","message":"The API rate limit was exceeded.","log_id":"2"}}`)
			return
		}
		var body struct {
			Filters struct {
				VideoIDs []string `json:"video_ids"`
			} `json:"filters"`
		}
		require.NoError(t, json.NewDecoder(r.Body).Decode(&body))
		require.LessOrEqual(t, len(body.Filters.VideoIDs), 20)
		var vids []string
		for _, id := range body.Filters.VideoIDs {
			if id == "700000000000000666" {
				continue
			}
			vids = append(vids, `{"id":"`+id+`","like_count":120,"comment_count":8,"share_count":5,"view_count":9000,"video_description":"morning routine #sponsored"}`)
		}
		io.WriteString(w, `{"data":{"videos":[`+strings.Join(vids, ",")+`],"cursor":0,"has_more":false},"error":{"code":"ok","message":"","log_id":"1"}}`)
	})
}

func TestTikTokBatchPerToken(t *testing.T) {
	var calls atomic.Int32
	srv := ttServer(t, &calls)
	tk := &TikTok{BaseURL: srv.URL}
	var posts []Post
	for i := 0; i < 25; i++ {
		posts = append(posts, Post{Platform: "tiktok", ID: "7000000000000000" + pad(i), Token: "A"})
	}
	posts = append(posts, Post{Platform: "tiktok", URL: "https://www.tiktok.com/@bo/video/700000000000000666", Token: "B"})
	res := tk.FetchBatch(ctx, posts, time.Now())
	require.Equal(t, int32(3), calls.Load(), "25 videos of one creator: two calls of at most 20; another creator: one")
	require.NoError(t, res[0].Err)
	require.Equal(t, Metrics{Views: 9000, Likes: 120, Comments: 8, Shares: 5, Source: "api",
		Caption: "morning routine #sponsored", CaptionKnown: true}, res[0].Metrics)
	requireKind(t, res[25].Err, KindPostGone)
}

func TestTikTokErrors(t *testing.T) {
	var calls atomic.Int32
	srv := ttServer(t, &calls)
	tk := &TikTok{BaseURL: srv.URL}
	_, err := tk.Fetch(ctx, Post{Platform: "tiktok", ID: "7000000000000000001", Token: "EXPIRED", Handle: "bo"}, time.Now())
	requireKind(t, err, KindTokenRevoked)
	require.Contains(t, err.Error(), "reconnect their tiktok account")
	_, err = tk.Fetch(ctx, Post{Platform: "tiktok", ID: "7000000000000000001", Token: "BUSY"}, time.Now())
	require.Equal(t, 30*time.Second, kindErr(t, err, KindRateLimited).RetryAfter)
	_, err = tk.Fetch(ctx, Post{Platform: "tiktok", ID: "7000000000000000001"}, time.Now())
	requireKind(t, err, KindTokenMissing)
}

func TestRouterAndEnv(t *testing.T) {
	env := map[string]string{"METRICS_API_PLATFORMS": "youtube,tiktok"}
	_, err := FromEnv(func(k string) string { return env[k] })
	require.ErrorContains(t, err, "YOUTUBE_API_KEY is required")
	env["YOUTUBE_API_KEY"] = "K"
	r, err := FromEnv(func(k string) string { return env[k] })
	require.NoError(t, err)
	require.Equal(t, "instagram=simulated tiktok=api youtube=api", r.Describe([]string{"instagram", "tiktok", "youtube"}))
	m, err := r.Fetch(ctx, Post{Platform: "instagram", URL: "https://www.instagram.com/p/Cxyz12/", Followers: 1000}, time.Now())
	require.NoError(t, err)
	require.Equal(t, "simulated", m.Source)

	def, err := FromEnv(func(string) string { return "" })
	require.NoError(t, err)
	require.Equal(t, "youtube=simulated", def.Describe([]string{"youtube"}), "simulated is the default")
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
func pad(i int) string  { return fmt.Sprintf("%03d", i) }
