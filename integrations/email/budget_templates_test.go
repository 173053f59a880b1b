package email

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The emails of the budget and of a person's decision on a counter-offer.
func TestBudgetAndCounterTemplatesRender(t *testing.T) {
	tpl, err := NewTemplates("")
	require.NoError(t, err)
	d := data
	d.Counter, d.Fee, d.Feedback = "1,500.00 USD", "900.00 USD", "Our cap for reels is <900>."

	r, err := tpl.Render("over_budget", d)
	require.NoError(t, err)
	require.Contains(t, r.Subject, "Lumen")
	require.Contains(t, r.Text, "Hi Jane")
	require.Contains(t, r.Text, "budget has been fully committed")
	require.Contains(t, r.Text, "Nothing is owed")

	r, err = tpl.Render("counter_proposal", d)
	require.NoError(t, err)
	require.Contains(t, r.Text, "counter-offer of 1,500.00 USD")
	require.Contains(t, r.Text, "we'd like to propose 900.00 USD for:\n  - 1 reel\n  - 2 stories")
	require.Contains(t, r.Text, "Our cap for reels is <900>.")
	require.Contains(t, r.HTML, "Our cap for reels is &lt;900&gt;.")

	r, err = tpl.Render("counter_declined", d)
	require.NoError(t, err)
	require.Contains(t, r.Text, "counter-offer of 1,500.00 USD for Spring")
	require.Contains(t, r.Text, "won't be able to go ahead")
	require.Contains(t, r.HTML, "<p>Hi Jane,</p>")
}
