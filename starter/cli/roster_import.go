package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/creatorflow/creatorflow/campaign"
)

// progressEvery: without a terminal, a progress line every this many rows.
const progressEvery = 10_000

var (
	errRejected = errors.New("rows were rejected")
	errNothing  = errors.New("nothing to import")
)

// importRoster streams the file into PostgreSQL: rows are read, checked and
// copied as they come (constant memory whatever the file's size), and the
// merge happens only when the whole file is read — and, unless skipInvalid,
// only when no row was rejected. A progress bar goes to stderr.
func (a *app) importRoster(ctx context.Context, path, format, dbURL string, skipInvalid bool) error {
	f, err := campaign.RosterFormat(path, format)
	if err != nil {
		return UsageError{err}
	}
	file, err := os.Open(path)
	if err != nil {
		return UsageError{fmt.Errorf("cannot read the roster file: %w", err)}
	}
	defer file.Close()
	var size int64
	if st, err := file.Stat(); err == nil {
		size = st.Size()
	}
	in := &countingReader{r: file}
	rr, err := campaign.NewRosterReader(in, f)
	if err != nil {
		return UsageError{fmt.Errorf("%s: %w; nothing was imported", path, err)}
	}
	// No --timeout here: a large file takes as long as it takes.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	store, err := a.openStore(ctx, dbURL)
	if err != nil {
		return err
	}
	defer store.Close()
	bar := newProgressBar(a.errOut, size)
	// The store reads rows in a goroutine of its own: the bar reads these.
	var read, rows, rejected atomic.Int64
	next := func() (campaign.Creator, error) {
		row, err := rr.Next()
		read.Store(in.n)
		rows.Store(int64(rr.Rows))
		rejected.Store(int64(len(rr.Rejected)))
		return row.Creator, err
	}
	progress := func(copied int) { bar.show(read.Load(), int(rows.Load()), copied, int(rejected.Load())) }
	var valid int
	before := func(copied int) error {
		bar.end(in.n, rr.Rows, copied, len(rr.Rejected))
		valid = copied
		fmt.Fprintf(a.out, "Read %s (%s): %d rows, %d valid, %d rejected.\n", path, f, rr.Rows, copied, len(rr.Rejected))
		for _, r := range rr.Rejected {
			fmt.Fprintf(a.out, "  rejected %s\n", r)
		}
		switch {
		case len(rr.Rejected) > 0 && !skipInvalid:
			return errRejected
		case copied == 0:
			return errNothing
		}
		return nil
	}
	added, updated, err := store.ImportRoster(ctx, next, progress, before)
	switch {
	case errors.Is(err, errRejected):
		return fmt.Errorf("%d rejected row(s); nothing was imported: fix them, or pass --skip-invalid to import the %d valid row(s)",
			len(rr.Rejected), valid)
	case errors.Is(err, errNothing):
		fmt.Fprintln(a.out, "Nothing to import.")
		return nil
	case err != nil:
		return err
	}
	fmt.Fprintf(a.out, "Imported: %d added, %d updated, %d rejected.", added, updated, len(rr.Rejected))
	if same := valid - added - updated; same > 0 {
		fmt.Fprintf(a.out, " %d unchanged (equal to the stored rows).", same)
	}
	fmt.Fprintln(a.out)
	return nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// progressBar draws on a terminal ("\\r" redraws one line) or, on anything
// else, writes a line every progressEvery rows, so logs stay readable.
type progressBar struct {
	w        io.Writer
	size     int64
	tty      bool
	started  time.Time
	lastLine int
	shown    bool
}

func newProgressBar(w io.Writer, size int64) *progressBar {
	tty := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	return &progressBar{w: w, size: size, tty: tty, started: time.Now()}
}

func (p *progressBar) line(read int64, rows, copied, rejected int) string {
	pct := 100.0
	if p.size > 0 {
		pct = min(100, float64(read)/float64(p.size)*100)
	}
	const width = 30
	done := int(pct / 100 * width)
	rate := float64(rows) / max(time.Since(p.started).Seconds(), 0.001)
	return fmt.Sprintf("  [%s%s] %3.0f%%  %d rows read, %d copied, %d rejected (%.0f rows/s)",
		strings.Repeat("#", done), strings.Repeat(".", width-done), pct, rows, copied, rejected, rate)
}

func (p *progressBar) show(read int64, rows, copied, rejected int) {
	if p.tty {
		fmt.Fprintf(p.w, "\r%s", p.line(read, rows, copied, rejected))
		p.shown = true
		return
	}
	if rows-p.lastLine >= progressEvery {
		p.lastLine = rows
		fmt.Fprintln(p.w, p.line(read, rows, copied, rejected))
		p.shown = true
	}
}

func (p *progressBar) end(read int64, rows, copied, rejected int) {
	if !p.shown {
		return // a small file: no bar
	}
	if p.tty {
		fmt.Fprintf(p.w, "\r%s\n", p.line(read, rows, copied, rejected))
		return
	}
	fmt.Fprintln(p.w, p.line(read, rows, copied, rejected))
}
