package inbox_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/inbox"
	"github.com/creatorflow/creatorflow/integrations/email"
)

// outcomes records what Pipeline.Count reports.
type outcomes struct {
	mu sync.Mutex
	n  map[string]int
}

func (o *outcomes) count(outcome string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.n[outcome]++
}

func (o *outcomes) get() map[string]int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return map[string]int{inbox.OutcomeMatched: o.n[inbox.OutcomeMatched], inbox.OutcomeUnmatched: o.n[inbox.OutcomeUnmatched],
		inbox.OutcomeForged: o.n[inbox.OutcomeForged], inbox.OutcomeAutoReply: o.n[inbox.OutcomeAutoReply],
		inbox.OutcomeDuplicate: o.n[inbox.OutcomeDuplicate], inbox.OutcomeAssigned: o.n[inbox.OutcomeAssigned], "": len(o.n)}
}

// Every settled message is counted once, by outcome; a message stored while
// Temporal is down is counted when it is settled, not before.
func TestOutcomesAreCounted(t *testing.T) {
	ctx := context.Background()
	p, sig, st := setup(t)
	o := &outcomes{n: map[string]int{}}
	p.Count = o.count
	deliver := func(msg []byte) string {
		res, err := p.Deliver(ctx, "imap", msg)
		require.NoError(t, err)
		return res.Status
	}
	token := email.ReplyAddress(key, domain, "spring", "jane")

	// A stranger: unmatched, and counted as such.
	require.Equal(t, inbox.StatusUnmatched, deliver(raw("u1@x.example", "who@x.example", "partnerships@lumen.example", "", "Hello?")))
	require.Equal(t, 1, o.get()[inbox.OutcomeUnmatched])

	require.Equal(t, inbox.StatusSignalled, deliver(raw("m1@creator.example", "jane@creator.example", token, "", "Yes, I'm in!")))
	require.Equal(t, inbox.StatusDuplicate, deliver(raw("m1@creator.example", "jane@creator.example", token, "", "Yes, I'm in!")))
	require.Equal(t, inbox.StatusForged, deliver(raw("f1@evil.example", "x@evil.example", "reply+spring.tom."+token[len("reply+spring.jane."):], "", "hi")))
	require.Equal(t, inbox.StatusAutoReply, deliver(raw("o1@creator.example", "jane@creator.example", token, "Auto-Submitted: auto-replied\r\n", "Away.")))

	sig.fail = errors.New("temporal unreachable")
	require.Equal(t, inbox.StatusReceived, deliver(raw("c1@creator.example", "jane@creator.example", token, "", "Deal!")))
	require.Equal(t, 1, o.get()[inbox.OutcomeMatched], "a message not yet delivered is not counted")
	sig.fail = nil
	later(p, time.Minute)
	n, err := p.Resume(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, n)

	ops, err := st.InboxForOps(ctx, 10)
	require.NoError(t, err)
	for _, r := range ops {
		if r.MessageID == "u1@x.example" {
			_, err := p.Assign(ctx, r.ID, "spring", "jane", "", "")
			require.NoError(t, err)
		}
	}
	require.Equal(t, map[string]int{inbox.OutcomeMatched: 2, inbox.OutcomeUnmatched: 1, inbox.OutcomeForged: 1,
		inbox.OutcomeAutoReply: 1, inbox.OutcomeDuplicate: 1, inbox.OutcomeAssigned: 1, "": 6}, o.get())

	// A pipeline without Count works as before.
	p.Count = nil
	require.Equal(t, inbox.StatusUnmatched, deliver(raw("u2@x.example", "who@x.example", "partnerships@lumen.example", "", "Hello again?")))
}
