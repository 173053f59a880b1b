package inbox

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/campaign"
)

func TestParseCorrection(t *testing.T) {
	fee := campaign.Money{Amount: 120000, Currency: "EUR"}
	for in, want := range map[string]Correction{
		"decline":                      {Intent: campaign.IntentDecline},
		"  Accept ":                    {Intent: campaign.IntentAccept},
		"counter 1500":                 {Intent: campaign.IntentCounter, Amount: &campaign.Money{Amount: 150000, Currency: "EUR"}},
		"counter 1,500.50 USD":         {Intent: campaign.IntentCounter, Amount: &campaign.Money{Amount: 150050, Currency: "USD"}},
		"draft https://drive.test/d/1": {Intent: campaign.IntentLink, URL: "https://drive.test/d/1", Kind: campaign.LinkDraft},
		"published https://www.instagram.com/p/Cx1/": {Intent: campaign.IntentLink, URL: "https://www.instagram.com/p/Cx1/",
			Kind: campaign.LinkPublished},
	} {
		got, err := ParseCorrection(in, fee)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	for _, bad := range []string{"", "maybe", "counter", "counter -5", "counter lots", "draft", "draft not-a-link", "draft httpfoo", "published https://", "decline now"} {
		_, err := ParseCorrection(bad, fee)
		require.Error(t, err, bad)
	}
}
