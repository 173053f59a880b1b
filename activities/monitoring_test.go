package activities_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"github.com/creatorflow/creatorflow/activities"
	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/integrations/slack"
	"github.com/creatorflow/creatorflow/integrations/social"
	"github.com/creatorflow/creatorflow/internal/testenv"
	"github.com/creatorflow/creatorflow/workflows"
)

func setup(t *testing.T, provider social.Provider) (*testsuite.TestActivityEnvironment, *postgres.Store) {
	t.Helper()
	store, err := postgres.Open(context.Background(), testenv.DatabaseURL(t))
	require.NoError(t, err)
	t.Cleanup(store.Close)
	a := &activities.Activities{Store: store, Metrics: provider,
		Now: func() time.Time { return time.Date(2027, 3, 1, 20, 0, 0, 0, time.UTC) }}
	var ts testsuite.WorkflowTestSuite
	env := ts.NewTestActivityEnvironment()
	a.Register(env)
	return env, store
}

func appError(t *testing.T, err error) *temporal.ApplicationError {
	t.Helper()
	var ae *temporal.ApplicationError
	require.True(t, errors.As(err, &ae), "want an application error, got %v", err)
	return ae
}

var tiktokCreator = campaign.Creator{Platform: "tiktok", Handle: "bo", Email: "bo@x.test", Followers: 20_000}

const tiktokPost = "https://www.tiktok.com/@bo/video/7301234567890123456"

func TestPullMetricsRevokedTokenIsNotRetried(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"data":{},"error":{"code":"access_token_invalid","message":"The access token is invalid or not found in the request.","log_id":"1"}}`)
	}))
	defer srv.Close()
	env, store := setup(t, social.Router{Platforms: map[string]social.Provider{"tiktok": &social.TikTok{BaseURL: srv.URL}}})
	ctx := context.Background()
	require.NoError(t, store.SaveCreatorToken(ctx, "tiktok", "bo", "act.old"))

	_, err := env.ExecuteActivity(workflows.ActPullMetrics, workflows.MetricsPull{CampaignID: "c1", Creator: tiktokCreator, PostURL: tiktokPost})
	ae := appError(t, err)
	require.Equal(t, workflows.ErrTokenRevoked, ae.Type())
	require.True(t, ae.NonRetryable())
	require.Contains(t, ae.Error(), "ask the creator to reconnect their tiktok account")
	tok, err := store.CreatorToken(ctx, "tiktok", "bo")
	require.NoError(t, err)
	require.Empty(t, tok, "a revoked token is not used again until the creator reconnects")

	// Without a token, the pull asks for one (also not retried).
	_, err = env.ExecuteActivity(workflows.ActPullMetrics, workflows.MetricsPull{CampaignID: "c1", Creator: tiktokCreator, PostURL: tiktokPost})
	require.Equal(t, workflows.ErrTokenMissing, appError(t, err).Type())
}

func TestPullMetricsRateLimitRetriesAfterTheServersDelay(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "90")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"data":{},"error":{"code":"rate_limit_exceeded","message":"The API rate limit was exceeded.","log_id":"2"}}`)
	}))
	defer srv.Close()
	env, store := setup(t, social.Router{Platforms: map[string]social.Provider{"tiktok": &social.TikTok{BaseURL: srv.URL}}})
	require.NoError(t, store.SaveCreatorToken(context.Background(), "tiktok", "bo", "act.ok"))
	_, err := env.ExecuteActivity(workflows.ActPullMetrics, workflows.MetricsPull{CampaignID: "c1", Creator: tiktokCreator, PostURL: tiktokPost})
	ae := appError(t, err)
	require.Equal(t, "RateLimited", ae.Type())
	require.False(t, ae.NonRetryable())
	require.Equal(t, 90*time.Second, ae.NextRetryDelay())
}

func TestPullMetricsStoresAPISnapshot(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"kind":"youtube#videoListResponse","items":[{"id":"dQw4w9WgXcQ","statistics":{"viewCount":"1000","likeCount":"50","commentCount":"7"}}]}`)
	}))
	defer srv.Close()
	env, store := setup(t, social.Router{Platforms: map[string]social.Provider{"youtube": &social.YouTube{APIKey: "K", BaseURL: srv.URL}}})
	yt := campaign.Creator{Platform: "youtube", Handle: "yt", Email: "y@x.test", Followers: 5000}
	_, err := env.ExecuteActivity(workflows.ActPullMetrics, workflows.MetricsPull{CampaignID: "c1", Creator: yt, PostURL: "https://youtu.be/dQw4w9WgXcQ", Pull: 2})
	require.NoError(t, err)
	snaps, err := store.Snapshots(context.Background(), "c1")
	require.NoError(t, err)
	require.Len(t, snaps, 1)
	require.Equal(t, int64(1000), snaps[0].Views)
	require.Equal(t, int64(57), snaps[0].Engagements())
	require.Equal(t, "api", snaps[0].Source)
}

func TestCheckPost(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"data":{"videos":[{"id":"7301234567890123456","like_count":1,"comment_count":0,"share_count":0,"view_count":10,"video_description":"new serum, link in bio"}]},"error":{"code":"ok","message":"","log_id":"1"}}`)
	}))
	defer srv.Close()
	env, store := setup(t, social.Router{Platforms: map[string]social.Provider{"tiktok": &social.TikTok{BaseURL: srv.URL}}})
	require.NoError(t, store.SaveCreatorToken(context.Background(), "tiktok", "bo", "act.ok"))

	check := func(url string) workflows.PostCheck {
		v, err := env.ExecuteActivity(workflows.ActCheckPost, workflows.PostCheckRequest{CampaignID: "c1", Creator: tiktokCreator, URL: url, Disclosure: "#ad"})
		require.NoError(t, err)
		var pc workflows.PostCheck
		require.NoError(t, v.Get(&pc))
		return pc
	}
	pc := check("https://www.instagram.com/p/Cabc12/")
	require.False(t, pc.Valid)
	require.Contains(t, pc.Problem, "is a instagram link, but this creator posts on tiktok")

	pc = check(tiktokPost + "?lang=en")
	require.True(t, pc.Valid)
	require.Equal(t, "7301234567890123456", pc.PostID)
	require.Equal(t, workflows.DisclosureMissing, pc.Disclosure, "the caption has no #ad")

	pc = check("https://www.tiktok.com/@bo/video/7309999999999999999")
	require.False(t, pc.Valid)
	require.Contains(t, pc.Problem, "cannot be found")
}

func TestRecordManualMetrics(t *testing.T) {
	env, store := setup(t, social.Simulated{})
	ctx := context.Background()
	data, err := os.ReadFile("../examples/spring-glow.yaml")
	require.NoError(t, err)
	b, err := campaign.ParseBrief(data)
	require.NoError(t, err)
	b.ID = "c1"
	require.NoError(t, store.SaveCampaign(ctx, b))
	require.NoError(t, store.RecordCollaboration(ctx, postgres.CollaborationRow{CampaignID: "c1", Handle: "bo", Platform: "tiktok",
		Email: "bo@x.test", Stage: "monitoring", PostURL: tiktokPost, Fee: campaign.Money{Amount: 100, Currency: "USD"}}))
	for i := 0; i < 2; i++ {
		_, err = env.ExecuteActivity(workflows.ActRecordManualMetrics, workflows.ManualMetrics{CampaignID: "c1", Handle: "bo", Views: 5000 + int64(i), Likes: 200, By: "ops"})
		require.NoError(t, err)
	}
	snaps, err := store.Snapshots(ctx, "c1")
	require.NoError(t, err)
	require.Len(t, snaps, 2, "each entry is kept")
	require.Equal(t, "self-reported", snaps[1].Source)
	require.Equal(t, tiktokPost, snaps[1].PostURL)
	require.Equal(t, int64(5001), snaps[1].Views)

	_, err = env.ExecuteActivity(workflows.ActRecordManualMetrics, workflows.ManualMetrics{CampaignID: "c1", Handle: "nobody", Views: 1})
	require.ErrorContains(t, err, "campaign c1 has no collaboration with @nobody")
}

func TestPullMetricsBatchOneCallForManyPosts(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		require.Equal(t, "aaaaaaaaaaa,bbbbbbbbbbb,ccccccccccc", r.URL.Query().Get("id"))
		io.WriteString(w, `{"kind":"youtube#videoListResponse","items":[
			{"id":"aaaaaaaaaaa","statistics":{"viewCount":"100","likeCount":"10","commentCount":"1"}},
			{"id":"ccccccccccc","statistics":{"viewCount":"300","likeCount":"30","commentCount":"3"}}]}`)
	}))
	defer srv.Close()
	env, store := setup(t, social.Router{Platforms: map[string]social.Provider{"youtube": &social.YouTube{APIKey: "K", BaseURL: srv.URL}}})
	var pulls []workflows.MetricsPull
	for _, h := range []string{"a", "b", "c"} {
		pulls = append(pulls, workflows.MetricsPull{CampaignID: "c1", Pull: 1,
			Creator: campaign.Creator{Platform: "youtube", Handle: h, Followers: 1000},
			PostURL: "https://youtu.be/" + strings.Repeat(h, 11)})
	}
	v, err := env.ExecuteActivity(workflows.ActPullMetricsBatch, pulls)
	require.NoError(t, err)
	var outs []workflows.PullOutcome
	require.NoError(t, v.Get(&outs))
	require.Equal(t, 1, calls, "three posts, one API call, one quota unit")
	require.Len(t, outs, 3)
	require.Equal(t, int64(100), outs[0].Snapshot.Views)
	require.Equal(t, workflows.ErrPostGone, outs[1].ErrType, "a video missing from the answer is gone")
	require.Equal(t, int64(33), outs[2].Snapshot.Engagements())
	snaps, err := store.Snapshots(context.Background(), "c1")
	require.NoError(t, err)
	require.Len(t, snaps, 2)
}

func TestAlertOpsPostsOncePerKey(t *testing.T) {
	var posts []string
	srv := slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
			_ = r.ParseForm()
			posts = append(posts, r.PostForm.Get("text"))
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"ok":true,"channel":"C-OPS","ts":"1700000000.000001"}`)
		})
	})
	srv.Start()
	defer srv.Stop()
	store, err := postgres.Open(context.Background(), testenv.DatabaseURL(t))
	require.NoError(t, err)
	defer store.Close()
	a := &activities.Activities{Store: store, Metrics: social.Simulated{},
		Slack: slack.New(slack.Config{BotToken: "xoxb-test", Channel: "C-OPS", APIURL: srv.GetAPIURL()})}
	var ts testsuite.WorkflowTestSuite
	env := ts.NewTestActivityEnvironment()
	a.Register(env)
	al := workflows.Alert{Key: "campaign/c1/creator/bo/monitor/post_gone", CampaignID: "c1", Handle: "bo",
		Kind: workflows.AlertPostGone, Text: "The post of @bo is gone"}
	for i := 0; i < 2; i++ {
		_, err := env.ExecuteActivity(workflows.ActAlertOps, al)
		require.NoError(t, err)
	}
	require.Equal(t, []string{"The post of @bo is gone"}, posts, "a retried alert is not posted twice")
}
