# The creatorflow worker and the starter CLI, for docker-compose.yml.
FROM golang:1.26-alpine AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/worker ./worker && CGO_ENABLED=0 go build -o /out/starter ./starter

FROM alpine:3.22
RUN adduser -D -H creatorflow
COPY --from=build /out/worker /out/starter /usr/local/bin/
COPY examples /examples
USER creatorflow
EXPOSE 8090
ENTRYPOINT ["/usr/local/bin/worker"]
