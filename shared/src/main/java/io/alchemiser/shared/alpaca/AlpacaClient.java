package io.alchemiser.shared.alpaca;

import io.alchemiser.shared.event.WorkflowException;
import io.alchemiser.shared.json.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * One HTTP call to an Alpaca API (trading or market data) with its auth headers, answered as JSON.
 * A non-2xx answer or a failed connection becomes an {@link AlpacaHttpException} that quotes
 * Alpaca's message and never the keys. Retrying is the caller's choice, since it differs by call.
 */
public final class AlpacaClient {
  private final WebClient client;
  private final URI base;
  private final String keyId;
  private final String secretKey;
  private final String errorCode;
  private final String service;

  public AlpacaClient(Vertx vertx, URI base, String keyId, String secretKey, String errorCode, String service) {
    this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(10_000).setIdleTimeout(30)
        .setUserAgent("alchemiser"));
    this.base = base;
    this.keyId = keyId;
    this.secretKey = secretKey;
    this.errorCode = errorCode;
    this.service = service;
  }

  public URI base() {
    return base;
  }

  public Future<JsonNode> call(HttpMethod method, String path, Map<String, String> query, Object body) {
    String prefix = base.getPath() == null ? "" : base.getPath().replaceAll("/$", "");
    int port = base.getPort() != -1 ? base.getPort() : ("https".equals(base.getScheme()) ? 443 : 80);
    HttpRequest<Buffer> request = client.request(method, port, base.getHost(), prefix + path)
        .ssl("https".equals(base.getScheme()))
        .timeout(30_000)
        .putHeader("APCA-API-KEY-ID", keyId)
        .putHeader("APCA-API-SECRET-KEY", secretKey);
    query.forEach(request::addQueryParam);
    if (body != null) {
      request.putHeader("content-type", "application/json");
    }
    Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendBuffer(Json.toBuffer(body));
    return sent
        .recover(err -> Future.failedFuture(new AlpacaHttpException(errorCode, 0,
            "cannot reach Alpaca " + service + " at " + base.getHost() + ": " + err.getMessage())))
        .compose(response -> {
          if (response.statusCode() / 100 != 2) {
            return Future.failedFuture(new AlpacaHttpException(errorCode, response.statusCode(), "Alpaca " + service
                + " refused " + method.name() + " " + path + " (" + response.statusCode() + "): "
                + AlpacaHttpException.quote(response.bodyAsString())));
          }
          Buffer buffer = response.bodyAsBuffer();
          if (buffer == null || buffer.length() == 0) {
            return Future.succeededFuture(NullNode.getInstance());
          }
          try {
            return Future.succeededFuture(Json.MAPPER.readTree(buffer.getBytes()));
          } catch (IOException e) {
            return Future.failedFuture(new WorkflowException(errorCode, "Alpaca " + service + " answered " + method.name() + " "
                + path + " with something that is not JSON: " + Json.describe(e)));
          }
        });
  }
}
