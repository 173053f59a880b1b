// Package social reads a post's metrics from its platform. Provider is the
// seam; Simulated is the deterministic stand-in for development, and every
// figure it produces is labelled "simulated".
package social

import (
	"context"
	"hash/fnv"
	"math"
	"time"
)

// Post identifies a published post.
type Post struct {
	Platform    string
	URL         string
	ID          string // the platform's id (see ParsePostURL); empty: derived from URL
	Handle      string
	Token       string `json:"-"` // the creator's access token (Instagram, TikTok); never logged
	Followers   int64
	PublishedAt time.Time
}

// Metrics are the figures of one pull.
type Metrics struct {
	Views, Likes, Comments, Shares, Saves int64
	Reach                                 int64  // accounts reached, where the platform gives it
	Source                                string // "simulated", "api" or "self-reported"
	// Caption is the post's text where the platform shows it; CaptionKnown
	// says whether it did (YouTube statistics do not), so a missing
	// disclosure is only reported when it could be seen.
	Caption      string
	CaptionKnown bool
}

// Result is one post's answer in a batch.
type Result struct {
	Metrics Metrics
	Err     error
}

// BatchProvider serves many posts in as few platform calls as it can
// (YouTube: 50 ids a call, TikTok: 20 ids a call per creator token).
type BatchProvider interface {
	Provider
	FetchBatch(ctx context.Context, posts []Post, at time.Time) []Result
}

// Provider fetches a post's current metrics.
type Provider interface {
	Fetch(ctx context.Context, p Post, at time.Time) (Metrics, error)
}

// Simulated derives plausible figures from the post URL and the post's age:
// the same post at the same age always gives the same figures, and figures
// only grow with age.
type Simulated struct{}

// Fetch implements Provider.
func (Simulated) Fetch(_ context.Context, p Post, at time.Time) (Metrics, error) {
	h := fnv.New64a()
	h.Write([]byte(p.URL))
	seed := h.Sum64()
	followers := float64(p.Followers)
	if followers <= 0 {
		followers = 10_000
	}
	age := at.Sub(p.PublishedAt).Hours()
	if age < 0 {
		age = 0
	}
	reach := 1 - math.Exp(-age/48) // most views arrive in the first days
	reach = 0.05 + 0.95*reach
	ratio := 0.2 + float64(seed%60)/100 // 20%–80% of followers view it eventually
	views := int64(followers * ratio * reach)
	er := 0.02 + float64((seed>>8)%40)/1000 // 2%–6% of views engage
	eng := float64(views) * er
	return Metrics{
		Views:    views,
		Likes:    int64(eng * 0.80),
		Comments: int64(eng * 0.08),
		Shares:   int64(eng * 0.05),
		Saves:    int64(eng * 0.07),
		Source:   "simulated",
	}, nil
}
