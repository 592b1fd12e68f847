# The silo's image: built with the SDK, run on the ASP.NET runtime as the image's non-root user, writing only to
# /data (its volume) and /tmp. Base images pinned to their release tags; pin to digests where the registry's policy
# asks it. Built with: docker build -t matching-silo:0.1.0 .   (or, without Docker: the SDK's PublishContainer,
# whose settings are in src/Silo/Silo.csproj: dotnet publish src/Silo -c Release /t:PublishContainer)
FROM mcr.microsoft.com/dotnet/sdk:10.0.100-bookworm-slim AS build
WORKDIR /source
COPY Directory.Build.props Directory.Packages.props global.json* ./
COPY src/ src/
RUN dotnet publish src/Silo/Silo.csproj --configuration Release --output /app --no-self-contained

FROM mcr.microsoft.com/dotnet/aspnet:10.0.0-bookworm-slim AS runtime
# curl for the HEALTHCHECK only.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
RUN mkdir -p /data && chown app:app /data
VOLUME ["/data"]
USER app
ENV DOTNET_gcServer=1 \
    ASPNETCORE_URLS=""
EXPOSE 5080 11111 30000
HEALTHCHECK --interval=20s --timeout=3s --retries=5 CMD ["curl", "--fail", "--silent", "http://127.0.0.1:5080/health/live"]
ENTRYPOINT ["dotnet", "/app/Matching.Silo.dll", "--urls", "http://0.0.0.0:5080", "--data", "/data"]
