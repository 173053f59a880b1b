package main

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// TestComposeMatchesTheWorker checks docker-compose.yml (Docker cannot run
// here): every service the README names is there with a pinned image, and
// the worker's environment is exactly what LoadConfig reads and needs.
func TestComposeMatchesTheWorker(t *testing.T) {
	raw, err := os.ReadFile("../docker-compose.yml")
	require.NoError(t, err)
	var compose struct {
		Services map[string]struct {
			Image       string            `yaml:"image"`
			Build       any               `yaml:"build"`
			Environment map[string]string `yaml:"environment"`
			Healthcheck *struct {
				Test []string `yaml:"test"`
			} `yaml:"healthcheck"`
		} `yaml:"services"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &compose))
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)

	for _, name := range []string{"postgres", "temporal", "temporal-ui", "mailpit", "worker"} {
		svc, ok := compose.Services[name]
		require.True(t, ok, "service %s missing", name)
		require.Contains(t, string(readme), "`"+name+"`", "README should name service %s", name)
		require.NotNil(t, svc.Healthcheck, "service %s has no health check", name)
		if svc.Build == nil {
			i := strings.LastIndex(svc.Image, ":")
			require.True(t, i > 0 && svc.Image[i+1:] != "latest", "service %s image %q is not pinned", name, svc.Image)
		}
	}
	env := compose.Services["worker"].Environment
	for k := range env {
		if k == "TEMPORAL_UI_URL" { // read by the starter CLI, which the worker image also carries
			continue
		}
		require.True(t, slices.Contains(EnvVars, k), "worker environment sets %s, which the worker does not read", k)
	}
	_, err = LoadConfig(func(k string) string {
		v := env[k]
		if strings.HasPrefix(v, "${") {
			return ""
		}
		return v
	})
	require.NoError(t, err, "the worker would refuse docker-compose's environment")
}
