package social

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Router sends each post to its platform's provider; platforms without one
// go to Fallback (the simulated provider in development).
type Router struct {
	Platforms map[string]Provider
	Fallback  Provider
}

func (r Router) provider(platform string) Provider {
	if p, ok := r.Platforms[platform]; ok {
		return p
	}
	if r.Fallback != nil {
		return r.Fallback
	}
	return Simulated{}
}

// Describe says which source serves each platform, for the worker's log.
func (r Router) Describe(platforms []string) string {
	var parts []string
	for _, p := range platforms {
		src := "simulated"
		if _, ok := r.Platforms[p]; ok {
			src = "api"
		}
		parts = append(parts, p+"="+src)
	}
	return strings.Join(parts, " ")
}

// Fetch implements Provider.
func (r Router) Fetch(ctx context.Context, p Post, at time.Time) (Metrics, error) {
	return r.provider(p.Platform).Fetch(ctx, p, at)
}

// FetchBatch implements BatchProvider: posts are grouped by platform and
// each group goes to its provider, batched where the provider batches.
func (r Router) FetchBatch(ctx context.Context, posts []Post, at time.Time) []Result {
	out := make([]Result, len(posts))
	var order []string
	groups := map[string][]int{}
	for i, p := range posts {
		if _, ok := groups[p.Platform]; !ok {
			order = append(order, p.Platform)
		}
		groups[p.Platform] = append(groups[p.Platform], i)
	}
	for _, pl := range order {
		idx := groups[pl]
		prov := r.provider(pl)
		if b, ok := prov.(BatchProvider); ok {
			sub := make([]Post, len(idx))
			for k, i := range idx {
				sub[k] = posts[i]
			}
			for k, res := range b.FetchBatch(ctx, sub, at) {
				out[idx[k]] = res
			}
			continue
		}
		for _, i := range idx {
			m, err := prov.Fetch(ctx, posts[i], at)
			out[i] = Result{Metrics: m, Err: err}
		}
	}
	return out
}

// EnvVars lists the variables FromEnv reads.
var EnvVars = []string{"METRICS_API_PLATFORMS", "YOUTUBE_API_KEY", "YOUTUBE_API_URL", "YOUTUBE_DAILY_QUOTA",
	"INSTAGRAM_API_URL", "INSTAGRAM_API_VERSION", "TIKTOK_API_URL"}

// FromEnv builds the metrics provider from the environment.
// METRICS_API_PLATFORMS lists the platforms read through their real APIs
// (e.g. "youtube,instagram,tiktok"); every other platform stays simulated,
// which is the default. YouTube needs YOUTUBE_API_KEY; Instagram and TikTok
// use each creator's connected token. *_API_URL override the base URLs.
func FromEnv(getenv func(string) string) (Router, error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	r := Router{Platforms: map[string]Provider{}, Fallback: Simulated{}}
	client := &http.Client{Timeout: 30 * time.Second}
	var problems []string
	for _, p := range strings.FieldsFunc(strings.ToLower(get("METRICS_API_PLATFORMS")), func(c rune) bool { return c == ',' || c == ' ' }) {
		switch p {
		case "youtube":
			y := &YouTube{APIKey: get("YOUTUBE_API_KEY"), BaseURL: get("YOUTUBE_API_URL"), HTTP: client}
			if y.APIKey == "" {
				problems = append(problems, "YOUTUBE_API_KEY is required when METRICS_API_PLATFORMS lists youtube")
			}
			if q := get("YOUTUBE_DAILY_QUOTA"); q != "" {
				if _, err := fmt.Sscanf(q, "%d", &y.DailyQuota); err != nil || y.DailyQuota <= 0 {
					problems = append(problems, fmt.Sprintf("YOUTUBE_DAILY_QUOTA must be a positive number of units (got %q)", q))
				}
			}
			r.Platforms[p] = y
		case "instagram":
			r.Platforms[p] = &Instagram{BaseURL: get("INSTAGRAM_API_URL"), Version: get("INSTAGRAM_API_VERSION"), HTTP: client}
		case "tiktok":
			r.Platforms[p] = &TikTok{BaseURL: get("TIKTOK_API_URL"), HTTP: client}
		default:
			problems = append(problems, fmt.Sprintf("METRICS_API_PLATFORMS: %q is not a platform (youtube, instagram, tiktok)", p))
		}
	}
	if len(problems) > 0 {
		return Router{}, fmt.Errorf("%s", strings.Join(problems, "\n  - "))
	}
	return r, nil
}
