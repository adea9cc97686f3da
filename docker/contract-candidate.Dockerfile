# A candidate of the contract (docs/candidate.md): its folder, built on this machine by its
# own `build`, copied in, with the Debian packages its candidate.json names (PACKAGES) and
# libfaketime for the clock nemesis. The harness builds it (BASE is the base image it chose)
# and tags it electionjepsen/candidate-NAME; a run starts the folder's `run` in it.
ARG BASE=debian:bookworm-slim
FROM ${BASE}

ARG PACKAGES=
ENV DEBIAN_FRONTEND=noninteractive

RUN apt-get update \
 && apt-get install -y --no-install-recommends libfaketime ${PACKAGES} \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb

COPY candidate/ /opt/electionjepsen/candidate/
WORKDIR /opt/electionjepsen/candidate
