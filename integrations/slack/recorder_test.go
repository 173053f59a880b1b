package slack

import (
	"encoding/json"
	"fmt"
	"github.com/gorilla/websocket"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/slack-go/slack/slacktest"
)

// fakeSlack is slacktest with handlers that record every call the app makes.
type fakeSlack struct {
	mu    sync.Mutex
	calls map[string][]url.Values
	srv   *slacktest.Server
	n     int
	// emails answers users.info: Slack user ID → email.
	emails map[string]string
	// openViewError makes views.open fail (an expired trigger_id).
	openViewError string
	// Socket Mode: envelopes to send down the WebSocket, and what comes back.
	envelopes chan any
	acks      chan map[string]any
}

func newFakeSlack(t testing.TB) *fakeSlack {
	f := &fakeSlack{calls: map[string][]url.Values{}, emails: map[string]string{},
		envelopes: make(chan any, 10), acks: make(chan map[string]any, 10)}
	rec := func(method string, answer func(url.Values) string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			form := readCall(r)
			f.mu.Lock()
			f.calls[method] = append(f.calls[method], form)
			f.n++
			body := answer(form)
			f.mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, body)
		}
	}
	f.srv = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/chat.postMessage", rec("chat.postMessage", func(v url.Values) string {
			return fmt.Sprintf(`{"ok":true,"channel":%q,"ts":"1700000000.%06d"}`, v.Get("channel"), f.n)
		}))
		c.Handle("/chat.update", rec("chat.update", func(v url.Values) string {
			return fmt.Sprintf(`{"ok":true,"channel":%q,"ts":%q}`, v.Get("channel"), v.Get("ts"))
		}))
		c.Handle("/chat.postEphemeral", rec("chat.postEphemeral", func(v url.Values) string {
			return `{"ok":true,"message_ts":"1700000000.999999"}`
		}))
		c.Handle("/views.open", rec("views.open", func(v url.Values) string {
			if f.openViewError != "" {
				return fmt.Sprintf(`{"ok":false,"error":%q}`, f.openViewError)
			}
			return `{"ok":true,"view":{"id":"V1"}}`
		}))
		c.Handle("/users.info", rec("users.info", func(v url.Values) string {
			u := v.Get("user")
			return fmt.Sprintf(`{"ok":true,"user":{"id":%q,"name":"someone","profile":{"email":%q}}}`, u, f.emails[u])
		}))
		c.Handle("/apps.connections.open", rec("apps.connections.open", func(url.Values) string {
			return fmt.Sprintf(`{"ok":true,"url":"ws://%s/socket"}`, f.srv.ServerAddr)
		}))
		c.Handle("/socket", slacktest.Websocket(func(conn *websocket.Conn) {
			if conn.WriteJSON(map[string]any{"type": "hello", "num_connections": 1}) != nil {
				return
			}
			go func() {
				for {
					var ack map[string]any
					if conn.ReadJSON(&ack) != nil {
						return
					}
					f.acks <- ack
				}
			}()
			for env := range f.envelopes {
				if conn.WriteJSON(env) != nil {
					return
				}
			}
		}))
	})
	f.srv.Start()
	t.Cleanup(f.srv.Stop)
	return f
}

// readCall reads a Web API call's arguments, form-encoded or JSON (views.open);
// JSON objects are kept as their JSON text.
func readCall(r *http.Request) url.Values {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		_ = r.ParseForm()
		return r.PostForm
	}
	var m map[string]json.RawMessage
	_ = json.NewDecoder(r.Body).Decode(&m)
	v := url.Values{}
	for k, raw := range m {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			v.Set(k, s)
		} else {
			v.Set(k, string(raw))
		}
	}
	return v
}

func (f *fakeSlack) got(method string) []url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]url.Values(nil), f.calls[method]...)
}
