#!/bin/bash
# Docker HEALTHCHECK without curl or wget in the image: one HTTP/1.1 request over bash's /dev/tcp.
# Healthy means the emulator answers GET /_awsemu/health with status 200.
{ exec 3<>"/dev/tcp/127.0.0.1/${AWSEMU_PORT:-4566}"; } 2>/dev/null || exit 1
printf 'GET /_awsemu/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
IFS=' ' read -r -t 5 _ status _ <&3 || exit 1
[ "$status" = 200 ]
