package social

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // the quota resets at midnight Pacific time
)

// YouTube reads video statistics with the YouTube Data API v3
// (videos.list, part=statistics) and an API key. Every call costs one quota
// unit whatever the number of ids (up to 50), so batches are cheap; the daily
// quota (10,000 units by default) is counted here and a spent quota waits for
// the reset at midnight Pacific time instead of hammering the API.
type YouTube struct {
	APIKey     string
	BaseURL    string // default https://www.googleapis.com
	HTTP       *http.Client
	DailyQuota int // units a day; default 10,000
	Now        func() time.Time

	mu      sync.Mutex
	day     string
	used    int
	limiter *limiter
	once    sync.Once
}

// YouTubeMaxIDs is how many video ids one videos.list call takes.
const YouTubeMaxIDs = 50

var pacific = mustLoad("America/Los_Angeles")

func mustLoad(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

func (y *YouTube) now() time.Time {
	if y.Now != nil {
		return y.Now()
	}
	return time.Now()
}

// untilReset is the time left until the next midnight in Pacific time.
func untilReset(now time.Time) time.Duration {
	p := now.In(pacific)
	next := time.Date(p.Year(), p.Month(), p.Day()+1, 0, 0, 0, 0, pacific)
	return next.Sub(now)
}

// spend takes one quota unit, or says the quota is spent.
func (y *YouTube) spend() error {
	y.mu.Lock()
	defer y.mu.Unlock()
	now := y.now()
	day := now.In(pacific).Format("2006-01-02")
	if day != y.day {
		y.day, y.used = day, 0
	}
	limit := y.DailyQuota
	if limit <= 0 {
		limit = 10_000
	}
	if y.used >= limit {
		return &Error{Kind: KindQuotaExhausted, Platform: "youtube",
			Message: fmt.Sprintf("the daily quota of %d units is spent", limit), RetryAfter: untilReset(now)}
	}
	y.used++
	return nil
}

// QuotaUsed reports the units spent today (Pacific time).
func (y *YouTube) QuotaUsed() int {
	y.mu.Lock()
	defer y.mu.Unlock()
	return y.used
}

func (y *YouTube) exhaust() {
	y.mu.Lock()
	defer y.mu.Unlock()
	y.day = y.now().In(pacific).Format("2006-01-02")
	y.used = 1 << 30
}

// Fetch implements Provider.
func (y *YouTube) Fetch(ctx context.Context, p Post, at time.Time) (Metrics, error) {
	r := y.FetchBatch(ctx, []Post{p}, at)
	return r[0].Metrics, r[0].Err
}

// FetchBatch implements BatchProvider: one call per 50 videos. A video the
// API leaves out of its answer was deleted or made private (PostGone).
func (y *YouTube) FetchBatch(ctx context.Context, posts []Post, _ time.Time) []Result {
	out := make([]Result, len(posts))
	ids := make([]string, len(posts))
	for i, p := range posts {
		ids[i] = p.ID
		if ids[i] == "" {
			ref, err := ParsePostURL("youtube", p.URL)
			if err != nil {
				out[i].Err = err
				continue
			}
			ids[i] = ref.ID
		}
	}
	var pending []int
	flush := func() {
		if len(pending) == 0 {
			return
		}
		batch := make([]string, len(pending))
		for k, i := range pending {
			batch[k] = ids[i]
		}
		stats, err := y.list(ctx, batch)
		for _, i := range pending {
			switch s, ok := stats[ids[i]]; {
			case err != nil:
				out[i].Err = err
			case !ok:
				out[i].Err = &Error{Kind: KindPostGone, Platform: "youtube", Message: fmt.Sprintf("video %s is not in the API's answer", ids[i])}
			default:
				out[i].Metrics = s
			}
		}
		pending = pending[:0]
	}
	for i := range posts {
		if out[i].Err != nil {
			continue
		}
		pending = append(pending, i)
		if len(pending) == YouTubeMaxIDs {
			flush()
		}
	}
	flush()
	return out
}

type ytList struct {
	Items []struct {
		ID         string `json:"id"`
		Statistics struct {
			ViewCount     string `json:"viewCount"`
			LikeCount     string `json:"likeCount"`
			FavoriteCount string `json:"favoriteCount"`
			CommentCount  string `json:"commentCount"`
		} `json:"statistics"`
	} `json:"items"`
}

type ytError struct {
	Error struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Errors  []struct {
			Domain string `json:"domain"`
			Reason string `json:"reason"`
		} `json:"errors"`
	} `json:"error"`
}

func (y *YouTube) list(ctx context.Context, ids []string) (map[string]Metrics, error) {
	if strings.TrimSpace(y.APIKey) == "" {
		return nil, &Error{Kind: KindMisconfigured, Platform: "youtube", Message: "YOUTUBE_API_KEY is not set"}
	}
	y.once.Do(func() { y.limiter = newLimiter(time.Second, 50, 50) })
	if err := y.limiter.wait(ctx, "youtube"); err != nil {
		return nil, err
	}
	if err := y.spend(); err != nil {
		return nil, err
	}
	base := strings.TrimRight(y.BaseURL, "/")
	if base == "" {
		base = "https://www.googleapis.com"
	}
	q := url.Values{"part": {"statistics"}, "id": {strings.Join(ids, ",")}, "key": {y.APIKey}, "maxResults": {strconv.Itoa(YouTubeMaxIDs)}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/youtube/v3/videos?"+q.Encode(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, body, err := do(y.HTTP, req, "youtube", time.Minute)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		var e ytError
		_ = json.Unmarshal(body, &e)
		reason := ""
		if len(e.Error.Errors) > 0 {
			reason = e.Error.Errors[0].Reason
		}
		msg := fmt.Sprintf("videos.list answered %d %s: %s", resp.StatusCode, reason, firstNonEmpty(e.Error.Message, snippet(body)))
		switch reason {
		case "quotaExceeded", "dailyLimitExceeded":
			y.exhaust()
			return nil, &Error{Kind: KindQuotaExhausted, Platform: "youtube", Message: msg, RetryAfter: untilReset(y.now())}
		case "rateLimitExceeded", "userRateLimitExceeded":
			return nil, &Error{Kind: KindRateLimited, Platform: "youtube", Message: msg, RetryAfter: parseRetryAfter(resp.Header, y.now(), time.Minute)}
		case "keyInvalid", "keyExpired", "badRequest", "forbidden", "accessNotConfigured", "ipRefererBlocked":
			return nil, &Error{Kind: KindMisconfigured, Platform: "youtube", Message: msg}
		}
		if resp.StatusCode == http.StatusNotFound {
			return map[string]Metrics{}, nil
		}
		return nil, &Error{Kind: KindMisconfigured, Platform: "youtube", Message: msg}
	}
	var l ytList
	if err := json.Unmarshal(body, &l); err != nil {
		return nil, &Error{Kind: KindUnavailable, Platform: "youtube", Message: "unreadable videos.list answer: " + err.Error()}
	}
	out := make(map[string]Metrics, len(l.Items))
	for _, it := range l.Items {
		s := it.Statistics
		out[it.ID] = Metrics{Views: atoi(s.ViewCount), Likes: atoi(s.LikeCount), Comments: atoi(s.CommentCount), Source: "api"}
	}
	return out, nil
}

// atoi reads YouTube's string counts; a hidden count (absent) is 0.
func atoi(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
