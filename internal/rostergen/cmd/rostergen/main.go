// Command rostergen writes a synthetic roster with planted problems and
// planted ideal creators (see package rostergen):
//
//	go run ./internal/rostergen/cmd/rostergen -n 100000 -seed 1 -o roster.csv
//	go run ./internal/rostergen/cmd/rostergen -n 1000 -format json -o roster.json -kinds kinds.csv
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/creatorflow/creatorflow/internal/rostergen"
)

func main() {
	n := flag.Int("n", 10_000, "creators")
	seed := flag.Uint64("seed", 1, "seed: the same seed gives the same roster")
	out := flag.String("o", "roster.csv", "output file (.csv or .json)")
	format := flag.String("format", "", "csv or json (default: from -o)")
	kinds := flag.String("kinds", "", "also write platform/handle,kind for every creator to this file")
	flag.Parse()
	if err := run(*n, *seed, *out, *format, *kinds); err != nil {
		fmt.Fprintln(os.Stderr, "rostergen:", err)
		os.Exit(1)
	}
}

func run(n int, seed uint64, out, format, kinds string) error {
	if format == "" {
		format = strings.TrimPrefix(filepath.Ext(out), ".")
	}
	ro := rostergen.Generate(rostergen.Options{N: n, Seed: seed})
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	switch format {
	case "csv":
		err = rostergen.WriteCSV(f, ro.Creators)
	case "json":
		err = rostergen.WriteJSON(f, ro.Creators)
	default:
		return fmt.Errorf("-format must be csv or json (got %q)", format)
	}
	if err != nil {
		return err
	}
	if kinds != "" {
		var b strings.Builder
		for _, c := range ro.Creators {
			k := rostergen.Key(c)
			fmt.Fprintf(&b, "%s,%s\n", k, ro.Kinds[k])
		}
		if err := os.WriteFile(kinds, []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	return f.Close()
}
