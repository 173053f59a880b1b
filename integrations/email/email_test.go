package email

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var key = []byte("0123456789abcdef-test")

func TestReplyAddressRoundTripAndForgery(t *testing.T) {
	addr := ReplyAddress(key, "lumen.test", "spring-2027", "jane.glows")
	require.True(t, strings.HasPrefix(addr, "reply+spring-2027.jane.glows."), addr)
	c, h, err := ParseReplyAddress(key, addr)
	require.NoError(t, err)
	require.Equal(t, [2]string{"spring-2027", "jane.glows"}, [2]string{c, h})

	for name, forged := range map[string]string{
		"other creator":  strings.Replace(addr, "jane.glows", "omar", 1),
		"other campaign": strings.Replace(addr, "spring-2027", "autumn-2027", 1),
		"other key":      ReplyAddress([]byte("another-key-entirely"), "lumen.test", "spring-2027", "jane.glows"),
		"no mac":         "reply+spring-2027.jane@lumen.test",
	} {
		_, _, err := ParseReplyAddress(key, forged)
		require.ErrorIs(t, err, ErrBadToken, name)
	}
	_, _, err = ParseReplyAddress(key, "partnerships@lumen.test")
	require.Error(t, err)
}

func TestMessageIDIsDeterministicPerStepAndKeyed(t *testing.T) {
	key := []byte("0123456789abcdef")
	a := MessageID(key, "lumen.test", "c1", "jane", "outreach")
	require.Equal(t, a, MessageID(key, "lumen.test", "c1", "jane", "outreach"), "a retried send gets the same ID")
	require.NotEqual(t, a, MessageID(key, "lumen.test", "c1", "jane", "follow-up-1"))
	require.NotEqual(t, a, MessageID(key, "lumen.test", "c1", "omar", "outreach"))
	require.NotEqual(t, a, MessageID(key, "lumen.test", "c1j", "ane", "outreach"), "fields cannot slide into each other")
	// Nothing a stranger knows (step, handle, campaign, domain) yields the ID:
	// neither the old readable pattern nor the same hash under another key.
	require.NotEqual(t, "outreach.jane.c1@lumen.test", a)
	for _, part := range []string{"outreach", "jane", "c1"} {
		require.NotContains(t, strings.TrimSuffix(a, "@lumen.test"), part)
	}
	require.NotEqual(t, a, MessageID([]byte("another-key-0123"), "lumen.test", "c1", "jane", "outreach"))
	require.Regexp(t, `^cf\.[0-9a-f]{32}@lumen\.test$`, a)
}

var data = Data{CreatorName: "Jane", Brand: "Lumen", CampaignName: "Spring", Fee: "1,200.00 USD",
	Deliverables: []string{"1 reel", "2 stories"}, PostingDate: "2027-03-15", UsageRights: "90 days",
	Disclosure: "#ad", Feedback: "Show the <bottle>", DueBy: "Monday"}

func TestEveryBuiltinTemplateRenders(t *testing.T) {
	tpl, err := NewTemplates("")
	require.NoError(t, err)
	kinds := []string{"outreach", "follow_up", "terms", "draft_reminder", "changes", "go_ahead", "publish_reminder", "rejected"}
	for _, k := range kinds {
		r, err := tpl.Render(k, data)
		require.NoError(t, err, k)
		require.NotEmpty(t, r.Subject, k)
		require.Contains(t, r.Subject, "Lumen", k)
		require.Contains(t, r.Text, "Hi Jane", k)
		require.Contains(t, r.HTML, "<p>Hi Jane,</p>", k)
	}
	r, _ := tpl.Render("terms", data)
	require.Contains(t, r.Text, "Fee: 1,200.00 USD")
	require.Contains(t, r.Text, "  - 2 stories")
	require.Contains(t, r.Text, "Usage rights: 90 days")
	require.Contains(t, r.Text, "by Monday")
	r, _ = tpl.Render("changes", data)
	require.Contains(t, r.Text, "Show the <bottle>")
	require.Contains(t, r.HTML, "Show the &lt;bottle&gt;", "HTML is escaped")
	_, err = tpl.Render("no_such_kind", data)
	require.ErrorContains(t, err, `no template for "no_such_kind"`)
}

func TestOpsCanOverrideATemplate(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "outreach.tmpl"), []byte(
		`{{define "subject"}}Hello from {{.Brand}}{{end}}{{define "text"}}Yo {{.CreatorName}}{{end}}{{define "html"}}<p>Yo</p>{{end}}`), 0o644))
	tpl, err := NewTemplates(dir)
	require.NoError(t, err)
	r, err := tpl.Render("outreach", data)
	require.NoError(t, err)
	require.Equal(t, "Hello from Lumen", r.Subject)
	r, err = tpl.Render("terms", data) // not overridden: built-in
	require.NoError(t, err)
	require.Contains(t, r.Text, "here is what we agreed")

	require.NoError(t, os.WriteFile(filepath.Join(dir, "terms.tmpl"), []byte(`{{define "subject"}}{{.Nope}}{{end}}`), 0o644))
	_, err = NewTemplates(dir)
	require.ErrorContains(t, err, "terms.tmpl", "a broken override is refused at start-up")
}

func TestSenderConfig(t *testing.T) {
	_, err := NewSender(SMTPConfig{})
	require.ErrorContains(t, err, "SMTP_HOST is required")
	_, err = NewSender(SMTPConfig{Host: "h", TLS: "sometimes"})
	require.ErrorContains(t, err, "SMTP_TLS must be mandatory, opportunistic or none")
}
