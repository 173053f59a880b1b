package social

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// maxLimiterWait is the longest a call waits for its own rate limiter inside
// an activity; a longer wait is handed back to Temporal as a RateLimited
// error whose retry comes after exactly that delay.
const maxLimiterWait = 10 * time.Second

// limiter paces calls to a platform below its published rate.
type limiter struct{ l *rate.Limiter }

func newLimiter(per time.Duration, n int, burst int) *limiter {
	return &limiter{rate.NewLimiter(rate.Every(per/time.Duration(n)), burst)}
}

// wait blocks for a slot or returns a RateLimited error naming the wait.
func (l *limiter) wait(ctx context.Context, platform string) error {
	r := l.l.Reserve()
	d := r.Delay()
	if d > maxLimiterWait {
		r.Cancel()
		return &Error{Kind: KindRateLimited, Platform: platform, Message: "our own rate limit for the platform is reached", RetryAfter: d}
	}
	if d == 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		r.Cancel()
		return ctx.Err()
	}
}

// keyedLimiters holds one limiter per key (per creator token).
type keyedLimiters struct {
	mu    sync.Mutex
	m     map[string]*limiter
	mk    func() *limiter
	order []string
}

func (k *keyedLimiters) get(key string) *limiter {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.m == nil {
		k.m = map[string]*limiter{}
	}
	l, ok := k.m[key]
	if !ok {
		if len(k.order) >= 10_000 { // bounded: forget the oldest
			delete(k.m, k.order[0])
			k.order = k.order[1:]
		}
		l = k.mk()
		k.m[key] = l
		k.order = append(k.order, key)
	}
	return l
}

// do sends req and reads the whole body (at most 4 MiB). Network failures
// and 5xx answers are KindUnavailable; a 429 is KindRateLimited with the
// server's Retry-After (default def).
func do(client *http.Client, req *http.Request, platform string, def time.Duration) (*http.Response, []byte, error) {
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		if req.Context().Err() != nil {
			return nil, nil, req.Context().Err()
		}
		return nil, nil, &Error{Kind: KindUnavailable, Platform: platform, Message: "request failed: " + err.Error()}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return nil, nil, &Error{Kind: KindUnavailable, Platform: platform, Message: "reading the answer: " + err.Error()}
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		return resp, body, &Error{Kind: KindRateLimited, Platform: platform,
			Message: "the platform answered 429 Too Many Requests", RetryAfter: parseRetryAfter(resp.Header, time.Now(), def)}
	}
	if resp.StatusCode >= 500 {
		return resp, body, &Error{Kind: KindUnavailable, Platform: platform, Message: fmt.Sprintf("the platform answered %s", resp.Status)}
	}
	return resp, body, nil
}

func snippet(b []byte) string {
	if len(b) > 200 {
		b = b[:200]
	}
	return string(b)
}
