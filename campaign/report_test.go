package campaign

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDivRoundHalfAwayFromZero(t *testing.T) {
	require.Equal(t, int64(2), divRound(5, 3))
	require.Equal(t, int64(2), divRound(3, 2))
	require.Equal(t, int64(-2), divRound(-3, 2))
	require.Equal(t, int64(1), divRound(4, 3))
}

func TestClassifyReply(t *testing.T) {
	for text, want := range map[string]Intent{
		"Yes! Sounds good":                 IntentAccept,
		"I'm in":                           IntentAccept,
		"Thanks but I'll pass":             IntentDecline,
		"yes... actually, not interested":  IntentDecline,
		"Draft: https://drive.test/x.":     IntentLink,
		"What is the product?":             IntentUnclear,
		"yesterday was busy, who are you?": IntentUnclear,
	} {
		require.Equal(t, want, ClassifyReply(text).Intent, text)
	}
	require.Equal(t, "https://drive.test/x", ClassifyReply("Draft: https://drive.test/x.").URL)
}
