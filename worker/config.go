package main

import (
	"fmt"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/inbox"
	"github.com/creatorflow/creatorflow/integrations/email"
	"github.com/creatorflow/creatorflow/integrations/slack"
	"github.com/creatorflow/creatorflow/integrations/social"
	"github.com/creatorflow/creatorflow/internal/temporalconn"
	"github.com/creatorflow/creatorflow/workflows"
)

// Config is everything the worker reads from its environment (see README).
type Config struct {
	// Temporal is the client connection (envconfig: TEMPORAL_ADDRESS,
	// TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*, profiles from
	// TEMPORAL_CONFIG_FILE/TEMPORAL_PROFILE); TemporalAddress and
	// TemporalNamespace are its resolved address and namespace.
	Temporal          temporalconn.Conn
	TemporalAddress   string
	TemporalNamespace string
	TaskQueue         string
	DatabaseURL       string
	SMTP              email.SMTPConfig
	MailFrom          string
	MailDomain        string
	ReplyKey          string
	TemplateDir       string
	Slack             slack.Config
	HTTPAddr          string
	Metrics           social.Router // per platform: real API or simulated (METRICS_API_PLATFORMS)
	// Inbound and outbound mail (see README "Creators reply by email").
	IMAP                 email.IMAPConfig
	InboundWebhookSecret string
	MailDailyLimit       int
	MailPacing           time.Duration

	// InboundMaxBytes bounds one inbound message, through either door
	// (INBOUND_MAX_BYTES, default 10 MB); InboundWebhookConcurrency caps the
	// webhook requests handled at once; InboundAuthServIDs names the mail
	// servers whose Authentication-Results are believed (empty: all).
	InboundMaxBytes           int64
	InboundWebhookConcurrency int
	InboundAuthServIDs        []string
	// Measurement (issue 7): report exchange rates, the conversions webhook key,
	// and the public base URL of tracking links.
	Rates             campaign.Rates
	ConversionsKey    string
	TrackingBaseURL   string
	WorkflowCacheSize int // WORKER_WORKFLOW_CACHE_SIZE, see tuning.go
}

// EnvVars lists every variable LoadConfig reads; docker-compose.yml is checked against it.
var EnvVars = []string{
	"TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "TEMPORAL_TASK_QUEUE", "DATABASE_URL",
	"SMTP_HOST", "SMTP_PORT", "SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_TLS",
	"MAIL_FROM", "MAIL_DOMAIN", "REPLY_HMAC_KEY", "EMAIL_TEMPLATE_DIR",
	"SLACK_BOT_TOKEN", "SLACK_CHANNEL", "SLACK_API_URL", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "WORKER_HTTP_ADDR",
	"IMAP_ADDR", "IMAP_USERNAME", "IMAP_PASSWORD", "IMAP_MAILBOX", "IMAP_TLS", "IMAP_POLL_INTERVAL", "IMAP_IDLE",
	"INBOUND_WEBHOOK_SECRET", "MAIL_DAILY_LIMIT", "MAIL_PACING",
	"INBOUND_MAX_BYTES", "INBOUND_WEBHOOK_CONCURRENCY", "INBOUND_AUTHSERV_IDS",
	"FX_RATES", "CONVERSIONS_HMAC_KEY", "TRACKING_BASE_URL",
	"WORKER_WORKFLOW_CACHE_SIZE",
}

func init() {
	EnvVars = append(EnvVars, social.EnvVars...)
	for _, k := range temporalconn.EnvVars {
		if !slices.Contains(EnvVars, k) {
			EnvVars = append(EnvVars, k)
		}
	}
}

// LoadConfig reads and checks the configuration, naming every problem.
func LoadConfig(getenv func(string) string) (Config, error) {
	get := func(k, def string) string {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			return v
		}
		return def
	}
	c := Config{
		TaskQueue:   get("TEMPORAL_TASK_QUEUE", workflows.TaskQueue),
		DatabaseURL: get("DATABASE_URL", ""),
		SMTP: email.SMTPConfig{Host: get("SMTP_HOST", ""), Username: get("SMTP_USERNAME", ""),
			Password: getenv("SMTP_PASSWORD"), TLS: get("SMTP_TLS", "mandatory")},
		MailFrom:    get("MAIL_FROM", ""),
		MailDomain:  get("MAIL_DOMAIN", ""),
		ReplyKey:    getenv("REPLY_HMAC_KEY"),
		TemplateDir: get("EMAIL_TEMPLATE_DIR", ""),
		Slack: slack.Config{BotToken: get("SLACK_BOT_TOKEN", ""), Channel: get("SLACK_CHANNEL", ""), APIURL: get("SLACK_API_URL", ""),
			SigningSecret: get("SLACK_SIGNING_SECRET", ""), AppToken: get("SLACK_APP_TOKEN", "")},
		HTTPAddr: get("WORKER_HTTP_ADDR", "127.0.0.1:8090"),
	}
	var problems []string
	if tc, err := temporalconn.Load(temporalconn.Request{Getenv: getenv}); err != nil {
		problems = append(problems, err.Error())
	} else {
		c.Temporal, c.TemporalAddress, c.TemporalNamespace = tc, tc.Options.HostPort, tc.Options.Namespace
	}
	port, err := strconv.Atoi(get("SMTP_PORT", "587"))
	if err != nil || port <= 0 || port > 65535 {
		problems = append(problems, fmt.Sprintf("SMTP_PORT must be a port number (got %q)", getenv("SMTP_PORT")))
	}
	c.SMTP.Port = port
	problems = append(problems, c.loadMail(get)...)
	c.WorkflowCacheSize = workflowCacheSize(getenv, &problems)
	if c.DatabaseURL == "" {
		problems = append(problems, "DATABASE_URL is required, e.g. postgres://user:pass@host:5432/creatorflow")
	}
	if c.SMTP.Host == "" {
		problems = append(problems, "SMTP_HOST is required")
	}
	if c.MailFrom == "" {
		problems = append(problems, `MAIL_FROM is required, e.g. "Lumen Partnerships <partnerships@lumen.example>"`)
	} else if a, err := mail.ParseAddress(c.MailFrom); err != nil {
		problems = append(problems, fmt.Sprintf("MAIL_FROM must be an address (got %q)", c.MailFrom))
	} else if c.MailDomain == "" {
		c.MailDomain = a.Address[strings.LastIndex(a.Address, "@")+1:]
	}
	if m, err := social.FromEnv(getenv); err != nil {
		problems = append(problems, err.Error())
	} else {
		c.Metrics = m
	}
	problems = append(problems, c.loadMeasurement(get, getenv)...)
	if err := c.Slack.Validate(); err != nil {
		problems = append(problems, err.Error())
	}
	problems = append(problems, c.secretProblems()...) // secrets.go
	if len(problems) > 0 {
		return Config{}, fmt.Errorf("worker configuration:\n  - %s", strings.Join(problems, "\n  - "))
	}
	return c, nil
}

// loadMail reads the inbound doors and the outbound limits.
func (c *Config) loadMail(get func(k, def string) string) []string {
	var problems []string
	c.IMAP = email.IMAPConfig{Addr: get("IMAP_ADDR", ""), Username: get("IMAP_USERNAME", ""), Password: get("IMAP_PASSWORD", ""),
		Mailbox: get("IMAP_MAILBOX", "INBOX"), TLS: get("IMAP_TLS", "tls")}
	if d, err := time.ParseDuration(get("IMAP_POLL_INTERVAL", "1m")); err != nil || d < time.Second {
		problems = append(problems, fmt.Sprintf("IMAP_POLL_INTERVAL must be a duration of at least 1s such as 1m (got %q)", get("IMAP_POLL_INTERVAL", "")))
	} else {
		c.IMAP.PollInterval = d
	}
	switch v := get("IMAP_IDLE", "true"); v {
	case "true", "false":
		c.IMAP.NoIdle = v == "false"
	default:
		problems = append(problems, fmt.Sprintf("IMAP_IDLE must be true or false (got %q)", v))
	}
	if c.IMAP.Addr != "" {
		if err := c.IMAP.Validate(); err != nil {
			problems = append(problems, err.Error())
		}
	}
	c.InboundWebhookSecret = get("INBOUND_WEBHOOK_SECRET", "")
	problems = append(problems, c.loadInbound(get)...)
	if n, err := strconv.Atoi(get("MAIL_DAILY_LIMIT", "70")); err != nil || n <= 0 {
		problems = append(problems, fmt.Sprintf("MAIL_DAILY_LIMIT must be a positive number of emails per mailbox per day (got %q)", get("MAIL_DAILY_LIMIT", "")))
	} else {
		c.MailDailyLimit = n
	}
	if d, err := time.ParseDuration(get("MAIL_PACING", "20s")); err != nil || d < 0 {
		problems = append(problems, fmt.Sprintf("MAIL_PACING must be a duration such as 20s, or 0s for none (got %q)", get("MAIL_PACING", "")))
	} else {
		c.MailPacing = d
	}
	return problems
}

// loadInbound reads the inbound doors' limits.
func (c *Config) loadInbound(get func(k, def string) string) []string {
	var problems []string
	if n, err := strconv.ParseInt(get("INBOUND_MAX_BYTES", strconv.Itoa(inbox.DefaultMaxBytes)), 10, 64); err != nil || n < 64<<10 || n > 1<<30 {
		problems = append(problems, fmt.Sprintf("INBOUND_MAX_BYTES must be a size in bytes from 65536 to 1073741824, e.g. 10485760 (got %q)",
			get("INBOUND_MAX_BYTES", "")))
	} else {
		c.InboundMaxBytes, c.IMAP.MaxSize = n, n
	}
	if n, err := strconv.Atoi(get("INBOUND_WEBHOOK_CONCURRENCY", strconv.Itoa(inbox.DefaultWebhookConcurrency))); err != nil || n <= 0 {
		problems = append(problems, fmt.Sprintf("INBOUND_WEBHOOK_CONCURRENCY must be a positive number of requests (got %q)",
			get("INBOUND_WEBHOOK_CONCURRENCY", "")))
	} else {
		c.InboundWebhookConcurrency = n
	}
	for _, id := range strings.Split(get("INBOUND_AUTHSERV_IDS", ""), ",") {
		if id = strings.TrimSpace(id); id != "" {
			c.InboundAuthServIDs = append(c.InboundAuthServIDs, id)
		}
	}
	return problems
}
