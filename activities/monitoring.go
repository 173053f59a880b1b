package activities

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/integrations/social"
	"github.com/creatorflow/creatorflow/workflows"
)

// platformError turns a platform failure into the Temporal error the retry
// policy acts on: what waiting can fix is retried (after the platform's
// Retry-After or quota reset), what it cannot (a revoked token, a deleted
// post, a bad link, our own bad configuration) fails at once with its type.
func platformError(err error) error {
	k := social.KindOf(err)
	switch {
	case k == "":
		return err
	case k.Retryable():
		return temporal.NewApplicationErrorWithOptions(err.Error(), string(k),
			temporal.ApplicationErrorOptions{NextRetryDelay: social.RetryAfterOf(err), Cause: err})
	default:
		return temporal.NewNonRetryableApplicationError(err.Error(), string(k), err)
	}
}

// post builds the provider's view of a creator's post, with the creator's
// token where one is connected.
func (a *Activities) post(ctx context.Context, c campaign.Creator, url string) (social.Post, error) {
	ref, err := social.ParsePostURL(c.Platform, url)
	if err != nil {
		return social.Post{}, err
	}
	p := social.Post{Platform: c.Platform, URL: ref.URL, ID: ref.ID, Handle: c.Handle, Followers: c.Followers}
	if a.Store != nil && c.Platform != "youtube" {
		if p.Token, err = a.Store.CreatorToken(ctx, c.Platform, c.Handle); err != nil {
			return social.Post{}, err
		}
	}
	return p, nil
}

func (a *Activities) pullMetrics(ctx context.Context, p workflows.MetricsPull) (campaign.Snapshot, error) {
	at := a.now()
	post, err := a.post(ctx, p.Creator, p.PostURL)
	if err != nil {
		return campaign.Snapshot{}, platformError(err)
	}
	post.PublishedAt = p.PublishedAt
	m, err := a.Metrics.Fetch(ctx, post, at)
	if err != nil {
		activity.GetMetricsHandler(ctx).WithTags(map[string]string{"platform": p.Creator.Platform}).Counter(MetricPullsFailed).Inc(1)
		if social.KindOf(err) == social.KindTokenRevoked && a.Store != nil {
			if merr := a.Store.MarkTokenRevoked(ctx, p.Creator.Platform, p.Creator.Handle); merr != nil {
				activity.GetLogger(ctx).Warn("could not mark the token revoked", "error", merr)
			}
		}
		activity.GetLogger(ctx).Warn("metrics pull failed", "campaign", p.CampaignID, "creator", p.Creator.Handle,
			"pull", p.Pull, "kind", social.KindOf(err), "error", err)
		return campaign.Snapshot{}, platformError(err)
	}
	s := campaign.Snapshot{CampaignID: p.CampaignID, Handle: p.Creator.Handle, Platform: p.Creator.Platform,
		PostURL: p.PostURL, Pull: p.Pull, TakenAt: at, Views: m.Views, Likes: m.Likes, Comments: m.Comments,
		Shares: m.Shares, Saves: m.Saves, Source: m.Source}
	return s, a.Store.SaveSnapshot(ctx, s)
}

// CheckPost validates a post link for the creator's platform, resolves it to
// the platform's id, and looks at the post: it must exist, and where the API
// shows the caption, carry the brief's disclosure. A bad link or a missing
// post is an answer (Valid=false, with the problem), not an error, so the
// workflow can keep waiting for a good link.
func (a *Activities) CheckPost(ctx context.Context, r workflows.PostCheckRequest) (workflows.PostCheck, error) {
	post, err := a.post(ctx, r.Creator, r.URL)
	if err != nil {
		if social.KindOf(err) == social.KindInvalidURL {
			return workflows.PostCheck{Problem: err.Error()}, nil
		}
		return workflows.PostCheck{}, err
	}
	out := workflows.PostCheck{Valid: true, PostID: post.ID, URL: post.URL, Disclosure: workflows.DisclosureUnknown}
	m, err := a.Metrics.Fetch(ctx, post, a.now())
	switch k := social.KindOf(err); {
	case err == nil:
	case k == social.KindPostGone:
		return workflows.PostCheck{Problem: fmt.Sprintf("%s: the post %s cannot be found (%v)", r.Creator.Platform, post.URL, err)}, nil
	case k == social.KindTokenMissing || k == social.KindTokenRevoked || k == social.KindMisconfigured:
		out.Note = "the post could not be checked: " + err.Error()
		return out, nil
	default:
		return workflows.PostCheck{}, platformError(err)
	}
	if m.CaptionKnown {
		out.Disclosure = workflows.DisclosureMissing
		if social.HasDisclosure(m.Caption, r.Disclosure) {
			out.Disclosure = workflows.DisclosureFound
		}
	} else {
		out.Note = r.Creator.Platform + "'s API does not show the caption: check the disclosure by eye"
	}
	return out, nil
}

// AlertOps posts an alert to Slack once per key; without Slack it is logged
// (and the workflow's status shows it).
func (a *Activities) AlertOps(ctx context.Context, al workflows.Alert) error {
	log := activity.GetLogger(ctx)
	if a.Slack == nil {
		log.Warn("ALERT for ops (slack not configured)", "kind", al.Kind, "campaign", al.CampaignID, "creator", al.Handle, "text", al.Text)
		return nil
	}
	key := "alert/" + al.Key
	if _, _, ok, err := a.Store.ApprovalMessage(ctx, key); err != nil || ok {
		return err
	}
	ch, ts, err := a.Slack.Alert(ctx, al.Text)
	if err != nil {
		return err
	}
	return a.Store.SaveApprovalMessage(ctx, key, ch, ts)
}

// RecordManualMetrics stores figures ops entered by hand as a self-reported snapshot.
func (a *Activities) RecordManualMetrics(ctx context.Context, m workflows.ManualMetrics) (campaign.Snapshot, error) {
	if strings.TrimSpace(m.CampaignID) == "" || strings.TrimSpace(m.Handle) == "" {
		return campaign.Snapshot{}, temporal.NewNonRetryableApplicationError("campaign and handle are required", "InvalidInput", nil)
	}
	for _, v := range []int64{m.Views, m.Likes, m.Comments, m.Shares, m.Saves} {
		if v < 0 {
			return campaign.Snapshot{}, temporal.NewNonRetryableApplicationError("figures must be >= 0", "InvalidInput", nil)
		}
	}
	row, err := a.collaboration(ctx, m.CampaignID, m.Handle)
	if err != nil {
		return campaign.Snapshot{}, err
	}
	pull, err := a.Store.NextManualPull(ctx, m.CampaignID, m.Handle)
	if err != nil {
		return campaign.Snapshot{}, err
	}
	at := m.TakenAt
	if at.IsZero() {
		at = a.now()
	}
	s := campaign.Snapshot{CampaignID: m.CampaignID, Handle: m.Handle, Platform: row.Platform,
		PostURL: firstNonEmpty(m.PostURL, row.PostURL), Pull: pull, TakenAt: at.UTC(), Views: m.Views, Likes: m.Likes,
		Comments: m.Comments, Shares: m.Shares, Saves: m.Saves, Source: "self-reported"}
	if err := a.Store.SaveSnapshot(ctx, s); err != nil {
		return campaign.Snapshot{}, err
	}
	activity.GetLogger(ctx).Info("self-reported metrics recorded", "campaign", m.CampaignID, "creator", m.Handle, "by", m.By, "pull", pull)
	return s, nil
}

func (a *Activities) collaboration(ctx context.Context, campaignID, handle string) (postgres.CollaborationRow, error) {
	rows, err := a.Store.Collaborations(ctx, campaignID)
	if err != nil {
		return postgres.CollaborationRow{}, err
	}
	for _, r := range rows {
		if r.Handle == handle {
			return r, nil
		}
	}
	return postgres.CollaborationRow{}, temporal.NewNonRetryableApplicationError(
		fmt.Sprintf("campaign %s has no collaboration with @%s", campaignID, handle), "NotFound", errors.New("not found"))
}

// PullMetricsBatch pulls several posts in as few platform calls as the
// providers allow and stores a snapshot per post. A failure retrying cannot
// fix is that post's outcome; one it can (rate limit, quota, outage) fails the
// whole batch for a retry (snapshots already stored are kept, not duplicated).
func (a *Activities) PullMetricsBatch(ctx context.Context, pulls []workflows.MetricsPull) ([]workflows.PullOutcome, error) {
	at := a.now()
	out := make([]workflows.PullOutcome, len(pulls))
	posts := make([]social.Post, 0, len(pulls))
	idx := make([]int, 0, len(pulls))
	for i, p := range pulls {
		post, err := a.post(ctx, p.Creator, p.PostURL)
		if err != nil {
			if social.KindOf(err) == "" {
				return nil, err
			}
			out[i] = workflows.PullOutcome{ErrType: string(social.KindOf(err)), Error: err.Error()}
			continue
		}
		post.PublishedAt = p.PublishedAt
		posts = append(posts, post)
		idx = append(idx, i)
	}
	var results []social.Result
	if b, ok := a.Metrics.(social.BatchProvider); ok {
		results = b.FetchBatch(ctx, posts, at)
	} else {
		for _, p := range posts {
			m, err := a.Metrics.Fetch(ctx, p, at)
			results = append(results, social.Result{Metrics: m, Err: err})
		}
	}
	var retry error
	for k, r := range results {
		i, p := idx[k], pulls[idx[k]]
		if r.Err != nil {
			kind := social.KindOf(r.Err)
			if kind == "" || kind.Retryable() {
				retry = r.Err
				continue
			}
			if kind == social.KindTokenRevoked && a.Store != nil {
				_ = a.Store.MarkTokenRevoked(ctx, p.Creator.Platform, p.Creator.Handle)
			}
			out[i] = workflows.PullOutcome{ErrType: string(kind), Error: r.Err.Error()}
			continue
		}
		m := r.Metrics
		s := campaign.Snapshot{CampaignID: p.CampaignID, Handle: p.Creator.Handle, Platform: p.Creator.Platform,
			PostURL: p.PostURL, Pull: p.Pull, TakenAt: at, Views: m.Views, Likes: m.Likes, Comments: m.Comments,
			Shares: m.Shares, Saves: m.Saves, Source: m.Source}
		if err := a.Store.SaveSnapshot(ctx, s); err != nil {
			return nil, err
		}
		out[i].Snapshot = s
	}
	if retry != nil {
		return nil, platformError(retry)
	}
	activity.GetLogger(ctx).Info("batched metrics pull", "posts", len(pulls))
	return out, nil
}
