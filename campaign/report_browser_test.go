package campaign

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// browserProblems collects what a person would see go wrong in the browser:
// console errors, uncaught exceptions, and any request leaving the file.
type browserProblems struct {
	mu   sync.Mutex
	list []string
}

func (p *browserProblems) add(s string) { p.mu.Lock(); p.list = append(p.list, s); p.mu.Unlock() }
func (p *browserProblems) all() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.list...)
}

// openInChromium loads a file in real headless Chromium (Debian's chromium
// package), returns a full-page PNG and everything that went wrong.
func openInChromium(t *testing.T, file string, check func(ctx context.Context) error) ([]byte, []string) {
	t.Helper()
	bin := os.Getenv("CHROMIUM")
	if bin == "" {
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(name); err == nil {
				bin = p
				break
			}
		}
	}
	if bin == "" {
		t.Fatal("no chromium found: install Debian's chromium package (apt-get install chromium; .ci/run does) or set CHROMIUM")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin), chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	defer cancelT()

	problems := &browserProblems{}
	// Subscribe before anything runs, so no message is lost.
	messages := chromedp.Console(ctx)
	requests := chromedp.Events(ctx, network.RequestWillBeSent)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				problems.add(m.String())
			}
		}
	}()
	go func() {
		defer wg.Done()
		for ev, err := range requests {
			if err != nil {
				return
			}
			if u := ev.Request.URL; !strings.HasPrefix(u, "file:") && !strings.HasPrefix(u, "data:") {
				problems.add("network request: " + u)
			}
		}
	}()
	_, err := chromedp.Call(ctx, network.Enable, network.EnableParams{})
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate("file://"+file), chromedp.WaitReady("body")))
	require.NoError(t, check(ctx))
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	// One more round trip, then stop listening: what the page logged has arrived.
	_, err = chromedp.Run(ctx, chromedp.Evaluate[int]("1"))
	require.NoError(t, err)
	time.Sleep(200 * time.Millisecond)
	cancel()
	wg.Wait()
	return shot, problems.all()
}

func TestHTMLReportInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("opens a real browser")
	}
	var page bytes.Buffer
	require.NoError(t, sampleReport(t).WriteHTML(&page))
	html := page.String()
	for _, forbidden := range []string{"http://", "https://", "<script src", "<link"} {
		// The only URLs allowed are the data itself (post links are not rendered).
		require.NotContains(t, html, forbidden, "self-contained: nothing is fetched")
	}
	file := filepath.Join(t.TempDir(), "report.html")
	require.NoError(t, os.WriteFile(file, page.Bytes(), 0o644))

	shot, problems := openInChromium(t, file, func(ctx context.Context) error {
		type counts struct {
			SVGs, Lines, Bars, Funnel int
			Title                     string
		}
		n, err := chromedp.Run(ctx, chromedp.Evaluate[counts](`({
			SVGs: document.querySelectorAll('svg').length,
			Lines: document.querySelectorAll('svg[aria-label="engagement over time"] polyline').length,
			Bars: document.querySelectorAll('svg[aria-label="cost against return"] rect[height]').length,
			Funnel: document.querySelectorAll('svg[aria-label="funnel"] rect').length,
			Title: document.title})`))
		if err != nil {
			return err
		}
		// Two creators have pulls; 3 series legend swatches + cost/revenue/EMV bars; 4 funnel steps.
		if n.SVGs != 3 || n.Lines != 2 || n.Funnel != 4 || n.Bars < 6 || !strings.Contains(n.Title, "Spring Glow") {
			return fmt.Errorf("the page does not show the charts: %+v", n)
		}
		box, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const r = document.querySelector('svg[aria-label="engagement over time"]').getBoundingClientRect(); return [r.width, r.height]; })()`))
		if err != nil {
			return err
		}
		if box[0] < 300 || box[1] < 100 {
			return fmt.Errorf("the engagement chart is not laid out visibly: %v", box)
		}
		return nil
	})
	require.Empty(t, problems, "the report must open without console errors or network requests")

	img, err := png.Decode(bytes.NewReader(shot))
	require.NoError(t, err, "the screenshot is a PNG")
	bounds := img.Bounds()
	require.GreaterOrEqual(t, bounds.Dx(), 1000)
	colours := map[uint32]bool{}
	for y := 0; y < bounds.Dy(); y += 7 {
		for x := 0; x < bounds.Dx(); x += 7 {
			r, g, b, _ := img.At(x, y).RGBA()
			colours[r>>12<<8|g>>12<<4|b>>12] = true
		}
	}
	require.Greater(t, len(colours), 8, "the screenshot shows drawn charts, not a blank page")
	if dir := os.Getenv("REPORT_SCREENSHOT_DIR"); dir != "" {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "report.png"), shot, 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "report.html"), page.Bytes(), 0o644))
	}
}

// The collector must catch what it is there to catch, or the test above proves nothing.
func TestChromiumCatchesConsoleErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("opens a real browser")
	}
	file := filepath.Join(t.TempDir(), "broken.html")
	require.NoError(t, os.WriteFile(file, []byte(`<!DOCTYPE html><html><body><p>x</p>
<script>console.error("chart failed"); undefinedFunction();</script></body></html>`), 0o644))
	_, problems := openInChromium(t, file, func(context.Context) error { return nil })
	joined := strings.Join(problems, "\n")
	require.Contains(t, joined, "chart failed")
	require.Contains(t, joined, "undefinedFunction")
}
