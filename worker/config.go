package main

import (
	"fmt"
	"net/mail"
	"strconv"
	"strings"

	"github.com/creatorflow/creatorflow/integrations/email"
	"github.com/creatorflow/creatorflow/integrations/slack"
	"github.com/creatorflow/creatorflow/workflows"
)

// Config is everything the worker reads from its environment (see README).
type Config struct {
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
	WorkflowCacheSize int // WORKER_WORKFLOW_CACHE_SIZE, see tuning.go
}

// EnvVars lists every variable LoadConfig reads; docker-compose.yml is checked against it.
var EnvVars = []string{
	"TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "TEMPORAL_TASK_QUEUE", "DATABASE_URL",
	"SMTP_HOST", "SMTP_PORT", "SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_TLS",
	"MAIL_FROM", "MAIL_DOMAIN", "REPLY_HMAC_KEY", "EMAIL_TEMPLATE_DIR",
	"SLACK_BOT_TOKEN", "SLACK_CHANNEL", "SLACK_API_URL", "WORKER_HTTP_ADDR",
	"WORKER_WORKFLOW_CACHE_SIZE",
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
		TemporalAddress:   get("TEMPORAL_ADDRESS", "127.0.0.1:7233"),
		TemporalNamespace: get("TEMPORAL_NAMESPACE", "default"),
		TaskQueue:         get("TEMPORAL_TASK_QUEUE", workflows.TaskQueue),
		DatabaseURL:       get("DATABASE_URL", ""),
		SMTP: email.SMTPConfig{Host: get("SMTP_HOST", ""), Username: get("SMTP_USERNAME", ""),
			Password: getenv("SMTP_PASSWORD"), TLS: get("SMTP_TLS", "mandatory")},
		MailFrom:    get("MAIL_FROM", ""),
		MailDomain:  get("MAIL_DOMAIN", ""),
		ReplyKey:    getenv("REPLY_HMAC_KEY"),
		TemplateDir: get("EMAIL_TEMPLATE_DIR", ""),
		Slack:       slack.Config{BotToken: get("SLACK_BOT_TOKEN", ""), Channel: get("SLACK_CHANNEL", ""), APIURL: get("SLACK_API_URL", "")},
		HTTPAddr:    get("WORKER_HTTP_ADDR", "127.0.0.1:8090"),
	}
	var problems []string
	port, err := strconv.Atoi(get("SMTP_PORT", "587"))
	if err != nil || port <= 0 || port > 65535 {
		problems = append(problems, fmt.Sprintf("SMTP_PORT must be a port number (got %q)", getenv("SMTP_PORT")))
	}
	c.SMTP.Port = port
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
	if len(c.ReplyKey) < 16 {
		problems = append(problems, "REPLY_HMAC_KEY must be at least 16 characters: it signs reply addresses")
	}
	if err := c.Slack.Validate(); err != nil {
		problems = append(problems, err.Error())
	}
	if len(problems) > 0 {
		return Config{}, fmt.Errorf("worker configuration:\n  - %s", strings.Join(problems, "\n  - "))
	}
	return c, nil
}
