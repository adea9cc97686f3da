# Our candidate (workloads/), published self-contained for linux-x64 by the harness into the
# build context's candidate/ folder. The harness builds it (BASE is the base image it chose)
# and tags it electionjepsen/candidate; the arguments of a run follow the entry point.
ARG BASE=debian:bookworm-slim
FROM ${BASE}

ENV DEBIAN_FRONTEND=noninteractive

# libssl3 for .NET's cryptography (hashes included), libfaketime for the clock nemesis. This
# layer comes before the copy, so a new candidate reuses it.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libssl3 libfaketime \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb

# No ICU in the image: the candidate needs no culture data.
ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1

COPY candidate/ /opt/electionjepsen/candidate/
ENTRYPOINT ["/opt/electionjepsen/candidate/ElectionJepsen.Candidate"]
