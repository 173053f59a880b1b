package activities

import (
	"context"
	"strings"

	"go.temporal.io/sdk/activity"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/email"
	"github.com/creatorflow/creatorflow/workflows"
)

// TrackingPath is the worker's redirect route: /r/<campaign>/<handle>.
const TrackingPath = "/r/"

// TrackingLink is a creator's public tracking link; empty without a base URL.
func TrackingLink(baseURL, campaignID, handle string) string {
	if baseURL == "" {
		return ""
	}
	return strings.TrimSuffix(baseURL, "/") + TrackingPath + campaignID + "/" + handle
}

// addTracking issues (once) the creator's link and promo code and puts them in
// the terms email.
func (a *Activities) addTracking(ctx context.Context, req workflows.EmailRequest, d *email.Data) error {
	m := req.Brief.Measurement
	target := campaign.TrackingTarget(m, req.CampaignID, req.Creator.Platform, req.Creator.Handle)
	code := campaign.PromoCode(m.PromoPrefix, req.Creator.Handle)
	if target == "" && code == "" {
		return nil
	}
	t, err := a.Store.IssueTracking(ctx, campaign.Tracking{CampaignID: req.CampaignID, Handle: req.Creator.Handle,
		Platform: req.Creator.Platform, Code: code, Target: target, IssuedAt: a.now(), Window: m.Window()})
	if err != nil {
		return err
	}
	d.PromoCode = t.Code
	if t.Target != "" {
		d.TrackingLink = TrackingLink(a.TrackingBaseURL, req.CampaignID, req.Creator.Handle)
		if d.TrackingLink == "" {
			d.TrackingLink = t.Target // no redirect configured: the UTM link itself (clicks not counted)
			activity.GetLogger(ctx).Warn("TRACKING_BASE_URL not set: the terms carry the plain UTM link and clicks are not counted")
		}
	}
	return nil
}

func (a *Activities) buildReport(ctx context.Context, r workflows.ReportRequest) (campaign.Report, error) {
	in, err := a.Store.ReportInput(ctx, r.Brief, r.Results, a.now())
	if err != nil {
		return campaign.Report{}, err
	}
	in.Waves = r.Waves
	rep, err := campaign.BuildReport(in, campaign.ReportOptions{Rates: a.Rates})
	if err != nil {
		activity.GetLogger(ctx).Error("report cannot be built; fix FX_RATES and restart the worker, the activity retries", "error", err)
		return campaign.Report{}, err
	}
	if err := a.Store.SaveReport(ctx, rep); err != nil {
		return campaign.Report{}, err
	}
	roster := map[string]campaign.Creator{}
	for _, res := range r.Results {
		if c, ok, err := a.Store.RosterCreator(ctx, res.Platform, res.Handle); err != nil {
			return campaign.Report{}, err
		} else if ok {
			roster[res.Handle] = c
		}
	}
	reminded, err := a.Store.RemindedHandles(ctx, r.Brief.ID)
	if err != nil {
		return campaign.Report{}, err
	}
	if err := a.Store.SaveCreatorOutcomes(ctx, campaign.Outcomes(rep, roster, reminded)); err != nil {
		return campaign.Report{}, err
	}
	return reportResult(ctx, rep) // report_compact.go: a large report returns only its totals
}
