package io.alchemiser.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.alchemiser.orchestrator.app.Node;
import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.bus.EventCodec;
import io.alchemiser.shared.event.WorkflowEvent;
import io.alchemiser.shared.event.EventMetadata;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The machine-readable contracts against the running node: every operation of {@code /openapi.yaml}
 * is served and nothing under {@code /api} is served beside them; every example validates; every
 * answer the node gives here validates against the response the contract promises; every event of
 * a live workflow and of a backtest's days validates against its JSON Schema, on the bus and in the
 * WebSocket's CloudEvents envelope; and the events recorded with this schema version still do.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class ContractTest {
  private static final String SCHEMAS = "https://alchemiser.dev/schemas/events/";
  private static final List<String> EVENT_TYPES = List.of("StartupEvent", "WorkflowStarted", "SignalGenerated", "RebalancePlanned",
      "TradeExecuted", "WorkflowCompleted", "WorkflowFailed");

  @Test
  void theRestApiIsItsContract(Vertx vertx) throws Exception {
    Node node = node(vertx);
    int port = node.httpPort();
    WebClient http = WebClient.create(vertx);
    OpenAPIContract contract = OpenAPIContract.from(vertx, "webroot/openapi.yaml").await();
    ResponseValidator responses = ResponseValidator.create(vertx, contract);
    // The document as written: the contract's own copy carries resolver bookkeeping in every object.
    JsonObject raw = yaml("webroot/openapi.yaml");

    // Every example in the document is an instance of its schema.
    int examples = 0;
    for (Operation operation : contract.operations()) {
      JsonObject op = raw.getJsonObject("paths").getJsonObject(operation.getOpenAPIPath()).getJsonObject(operation.getHttpMethod().name().toLowerCase());
      if (operation.getRequestBody() != null) {
        MediaType json = operation.getRequestBody().getContent().get("application/json");
        JsonObject content = op.getJsonObject("requestBody").getJsonObject("content").getJsonObject("application/json");
        for (Object example : examplesOf(content)) {
          assertValid(contract.getSchemaRepository().validator(json.getSchema()).validate(example), operation.getOperationId() + " request example");
          examples++;
        }
      }
      JsonObject answers = op.getJsonObject("responses");
      for (String status : answers.fieldNames()) {
        io.vertx.openapi.contract.Response response = operation.getResponse(Integer.parseInt(status));
        MediaType json = response.getContent().get("application/json");
        JsonObject declared = resolve(raw, answers.getJsonObject(status));
        if (json == null || declared.getJsonObject("content") == null) {
          continue;
        }
        for (Object example : examplesOf(declared.getJsonObject("content").getJsonObject("application/json"))) {
          assertValid(contract.getSchemaRepository().validator(json.getSchema()).validate(example), operation.getOperationId() + " " + status + " example");
          examples++;
        }
      }
    }
    assertThat(examples).isGreaterThan(15);

    // Every operation is served, with the example requests, and each answer is what the contract says it is.
    String workflow = null;
    String backtest = null;
    Map<String, Integer> answered = new HashMap<>();
    for (Operation operation : order(contract.operations())) {
      List<Buffer> bodies = new ArrayList<>();
      if (operation.getRequestBody() != null) {
        JsonObject op = raw.getJsonObject("paths").getJsonObject(operation.getOpenAPIPath()).getJsonObject("post");
        for (Object example : examplesOf(op.getJsonObject("requestBody").getJsonObject("content").getJsonObject("application/json"))) {
          bodies.add(Buffer.buffer(example.toString()));
        }
        bodies.add(Buffer.buffer("{\"unknownField\": 1}"));
      } else {
        bodies.add(null);
      }
      for (Buffer body : bodies) {
        String path = operation.getOpenAPIPath();
        if (path.contains("{id}")) {
          path = path.replace("{id}", operation.getOperationId().equals("getBacktest") ? backtest : workflow);
        }
        HttpRequest<Buffer> request = http.request(operation.getHttpMethod(), port, "127.0.0.1", path);
        HttpResponse<Buffer> response = (body == null ? request.send() : request.putHeader("content-type", "application/json").sendBuffer(body)).await();
        assertThat(response.bodyAsString()).as(operation.getOperationId()).doesNotContain("no such API");
        Map<String, String> headers = new HashMap<>();
        response.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
        String type = response.getHeader("content-type") == null ? null : response.getHeader("content-type").split(";")[0];
        if ("application/json".equals(type)) {
          responses.validate(ValidatableResponse.create(response.statusCode(), headers, response.body(), type), operation.getOperationId())
              .await();
        } else {
          // The Prometheus text format: the validator reads JSON bodies only.
          assertThat(operation.getResponse(response.statusCode()).getContent()).as(operation.getOperationId()).containsKey(type);
        }
        answered.merge(operation.getOperationId(), 1, Integer::sum);
        if (operation.getOperationId().equals("startWorkflow") && response.statusCode() == 202) {
          workflow = response.bodyAsJsonObject().getString("correlationId");
          awaitEnd(http, port, workflow);
        }
        if (operation.getOperationId().equals("submitBacktest") && response.statusCode() == 202 && backtest == null) {
          backtest = response.bodyAsJsonObject().getString("id");
        }
        if (body != null && !body.toString().contains("unknownField")) {
          // The one success the contract declares for the operation (202 for a start, 200 for a halt).
          String success = raw.getJsonObject("paths").getJsonObject(operation.getOpenAPIPath()).getJsonObject("post")
              .getJsonObject("responses").fieldNames().stream().filter(code -> code.startsWith("2")).findFirst().orElseThrow();
          assertThat(response.statusCode()).as(operation.getOperationId() + " example " + body + ": " + response.bodyAsString())
              .isEqualTo(Integer.parseInt(success));
        }
        if (body != null && body.toString().contains("unknownField")) {
          assertThat(response.statusCode()).isEqualTo(400);
          assertThat(response.bodyAsJsonObject().getString("detail")).startsWith("unknownField: unknown field");
        }
      }
    }
    assertThat(answered.keySet()).hasSize(contract.operations().size());
    // Nothing under /api is served beside the contract's operations.
    for (String[] extra : new String[][] {{"DELETE", "/api/workflows"}, {"GET", "/api/workflows/x/cancel"}, {"PUT", "/api/backtests"}}) {
      HttpResponse<Buffer> response = http.request(HttpMethod.valueOf(extra[0]), port, "127.0.0.1", extra[1]).send().await();
      assertThat(response.statusCode()).as(extra[1]).isIn(404, 405);
    }
    assertThat(http.get(port, "127.0.0.1", "/asyncapi.yaml").send().await().bodyAsString()).startsWith("asyncapi: 3.0.0");
    HttpResponse<Buffer> docs = http.get(port, "127.0.0.1", "/docs/").send().await();
    assertThat(docs.statusCode()).isEqualTo(200);
    for (String asset : List.of("/webjars/swagger-ui/5.35.0/swagger-ui-bundle.js", "/webjars/swagger-ui/5.35.0/swagger-ui.css")) {
      assertThat(docs.bodyAsString()).contains(asset);
      assertThat(http.get(port, "127.0.0.1", asset).send().await().statusCode()).as(asset).isEqualTo(200);
    }
  }

  @Test
  void everyEventOfAWorkflowAndOfABacktestIsAnInstanceOfItsSchema(Vertx vertx) throws Exception {
    Node node = node(vertx);
    int port = node.httpPort();
    WebClient http = WebClient.create(vertx);
    SchemaRepository schemas = eventSchemas(vertx);
    List<JsonObject> onBus = new CopyOnWriteArrayList<>();
    // Locally the bus carries the event object itself; its JSON is what crosses a node.
    io.alchemiser.shared.bus.EventSubscription.everyEvent(vertx, message -> onBus.add(new JsonObject(message.body() instanceof WorkflowEvent event
        ? Buffer.buffer(EventCodec.toJsonBytes(event)) : Buffer.buffer(message.body().toString()))));
    List<JsonObject> ends = new CopyOnWriteArrayList<>();
    // Locally the notices travel as an object; their JSON is what crosses a node (and what the contract describes).
    vertx.eventBus().<io.alchemiser.shared.bus.EndNotices>consumer(Addresses.WORKFLOW_ENDED, message -> ends.add(message.body().toJson()))
        .completion().await();
    List<JsonObject> onStream = new CopyOnWriteArrayList<>();
    WebSocketClient sockets = vertx.createWebSocketClient();
    WebSocket socket = sockets.connect(port, "127.0.0.1", "/ws/events").await();
    socket.textMessageHandler(text -> onStream.add(new JsonObject(text)));

    String id = http.post(port, "127.0.0.1", "/api/workflows").send().await().bodyAsJsonObject().getString("correlationId");
    awaitEnd(http, port, id);
    String dry = http.post(port, "127.0.0.1", "/api/workflows").putHeader("content-type", "application/json")
        .sendBuffer(Buffer.buffer("{\"correlationId\": \"contract-dry\", \"dryRun\": true}")).await().bodyAsJsonObject().getString("correlationId");
    awaitEnd(http, port, dry);
    HttpResponse<Buffer> backtest = http.post(port, "127.0.0.1", "/api/backtests").putHeader("content-type", "application/json")
        .sendBuffer(Buffer.buffer("{\"strategies\": [{\"file\": \"bundled:strategies/sector-rotation.clj\"}], \"from\": \"2024-01-02\", \"to\": \"2024-01-31\"}"))
        .await();
    assertThat(backtest.statusCode()).as(backtest.bodyAsString()).isEqualTo(202);
    String backtestId = backtest.bodyAsJsonObject().getString("id");
    for (int i = 0; i < 400 && !http.get(port, "127.0.0.1", "/api/backtests/" + backtestId).send().await().bodyAsJsonObject()
        .getString("status").equals("completed"); i++) {
      Thread.sleep(50);
    }
    Thread.sleep(300);

    Map<String, Integer> seen = new HashMap<>();
    for (JsonObject event : onBus) {
      String type = event.getJsonObject("metadata").getString("eventType");
      assertValid(schemas.validator(SCHEMAS + type + ".json").validate(event), type + " " + event.encode());
      seen.merge(type + (event.getJsonObject("metadata").containsKey("backtestId") ? " (backtest)" : ""), 1, Integer::sum);
    }
    assertThat(seen).containsKeys("WorkflowStarted", "SignalGenerated", "RebalancePlanned", "TradeExecuted", "WorkflowCompleted",
        "WorkflowStarted (backtest)", "SignalGenerated (backtest)", "RebalancePlanned (backtest)", "WorkflowCompleted (backtest)");
    // The end notices are what the AsyncAPI says, and name each run that ended.
    JsonSchema endNotice = JsonSchema.of(yaml("webroot/asyncapi.yaml").getJsonObject("components").getJsonObject("messages")
        .getJsonObject("WorkflowEnded").getJsonObject("payload"));
    List<String> endedIds = new ArrayList<>();
    for (JsonObject notice : ends) {
      assertValid(schemas.validator(endNotice).validate(notice), "end notice " + notice.encode());
      notice.getJsonArray("ended").forEach(entry -> endedIds.add(((JsonObject) entry).getString("correlationId")));
    }
    assertThat(endedIds).contains(id, dry);
    JsonSchema envelope = JsonSchema.of(cloudEventSchema());
    assertThat(onStream).isNotEmpty();
    for (JsonObject cloudEvent : onStream) {
      assertValid(schemas.validator(envelope).validate(cloudEvent), "envelope " + cloudEvent.encode());
      String type = cloudEvent.getString("type");
      assertValid(schemas.validator(SCHEMAS + type + ".json").validate(cloudEvent.getJsonObject("data")), "stream " + type);
    }
    record(onBus);
    socket.close().await();
  }

  /** Events recorded with this schema version (src/test/resources/contract/events-vN) still validate: a schema that refuses them must move the version. */
  @Test
  void eventsWrittenWithThisSchemaVersionStillValidate(Vertx vertx) throws Exception {
    SchemaRepository schemas = eventSchemas(vertx);
    Path recorded = Path.of("src/test/resources/contract/events-v" + EventMetadata.SCHEMA_VERSION);
    assertThat(recorded).as("record events of schema version %d there (see record())", EventMetadata.SCHEMA_VERSION).isDirectory();
    int checked = 0;
    try (Stream<Path> files = Files.list(recorded)) {
      for (Path file : files.sorted().toList()) {
        JsonObject event = new JsonObject(Files.readString(file));
        String type = event.getJsonObject("metadata").getString("eventType");
        assertValid(schemas.validator(SCHEMAS + type + ".json").validate(event), file.getFileName().toString());
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(9);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static Node node(Vertx vertx) throws Exception {
    JsonObject config = TestNodes.config(TestNodes.tempDir(), List.of("orchestrator", "web", "strategy", "portfolio", "execution", "notifications"));
    config.put("web", new JsonObject().put("port", 0).put("host", "127.0.0.1"));
    return Node.start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).await();
  }

  /** The start examples first (a workflow to read back), then the other operations. */
  private static List<Operation> order(List<Operation> operations) {
    List<Operation> ordered = new ArrayList<>(operations);
    ordered.sort((a, b) -> Integer.compare(rank(a), rank(b)));
    return ordered;
  }

  private static int rank(Operation operation) {
    return switch (operation.getOperationId()) {
      case "startWorkflow" -> 0;
      case "submitBacktest" -> 1;
      default -> 2;
    };
  }

  private static List<Object> examplesOf(JsonObject content) {
    List<Object> found = new ArrayList<>();
    if (content.containsKey("example")) {
      found.add(content.getValue("example"));
    }
    JsonObject named = content.getJsonObject("examples");
    if (named != null) {
      named.fieldNames().forEach(name -> found.add(named.getJsonObject(name).getValue("value")));
    }
    return found;
  }

  private static JsonObject resolve(JsonObject raw, JsonObject maybeRef) {
    String ref = maybeRef.getString("$ref");
    if (ref == null) {
      return maybeRef;
    }
    JsonObject at = raw;
    for (String part : ref.substring(2).split("/")) {
      at = at.getJsonObject(part);
    }
    return at;
  }

  private static void assertValid(OutputUnit result, String what) {
    assertThat(result.getValid()).as(what + ": " + (result.getErrors() == null ? "" : result.getErrors().toString())).isTrue();
  }

  private static void awaitEnd(WebClient http, int port, String id) throws InterruptedException {
    for (int i = 0; i < 400; i++) {
      HttpResponse<Buffer> response = http.get(port, "127.0.0.1", "/api/workflows/" + id).send().await();
      if (response.statusCode() == 200 && !response.bodyAsJsonObject().getString("status").equals("active")) {
        return;
      }
      Thread.sleep(25);
    }
    throw new AssertionError(id + " did not end");
  }

  /** The event schemas as a third party would load them: by their ids, from the files the node serves under /schemas/events/. */
  static SchemaRepository eventSchemas(Vertx vertx) throws IOException {
    SchemaRepository repository = SchemaRepository.create(new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri(SCHEMAS)
        .setOutputFormat(OutputFormat.Basic));
    List<String> files = new ArrayList<>(EVENT_TYPES);
    files.add("common");
    for (String name : files) {
      try (InputStream in = ContractTest.class.getClassLoader().getResourceAsStream("webroot/schemas/events/" + name + ".json")) {
        assertThat(in).as(name).isNotNull();
        JsonObject schema = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        repository.dereference(schema.getString("$id"), JsonSchema.of(schema));
      }
    }
    return repository;
  }

  /** The CloudEvents envelope as the AsyncAPI document defines it. */
  private static JsonObject cloudEventSchema() throws IOException {
    return yaml("webroot/asyncapi.yaml").getJsonObject("components").getJsonObject("schemas").getJsonObject("CloudEvent");
  }

  /**
   * The AsyncAPI's bus addresses are the ones the code uses, and its lane rule is the one a module of
   * one's own must follow: an event published by our publisher arrives on the lane computed from the
   * document's formula, on a plain consumer of that address.
   */
  @Test
  void theAsyncApiNamesTheBusAddressesAndTheLaneRuleTheCodeUses(Vertx vertx) throws Exception {
    JsonObject channels = yaml("webroot/asyncapi.yaml").getJsonObject("channels");
    JsonObject events = channels.getJsonObject("events");
    assertThat(events.getString("address")).isEqualTo(Addresses.EVENTS + ".{lane}");
    assertThat(events.getJsonObject("parameters").getJsonObject("lane").getJsonArray("enum").getList())
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, Addresses.EVENT_LANES).mapToObj(Integer::toString).toList());
    assertThat(channels.getJsonObject("eventsByHand").getString("address")).isEqualTo(Addresses.EVENTS);
    assertThat(channels.getJsonObject("workflowEnded").getString("address")).isEqualTo(Addresses.WORKFLOW_ENDED);
    assertThat(channels.getJsonObject("tradingHaltNotices").getString("address")).isEqualTo(Addresses.TRADING_HALT_NOTICES);
    // What TradingHalts sends there is what the document says.
    JsonSchema notice = JsonSchema.of(yaml("webroot/asyncapi.yaml").getJsonObject("components").getJsonObject("messages")
        .getJsonObject("TradingHaltNotice").getJsonObject("payload"));
    SchemaRepository repository = eventSchemas(vertx);
    for (io.alchemiser.shared.halt.TradingHalt state : List.of(new io.alchemiser.shared.halt.TradingHalt(true, "vendor outage", java.time.Instant.now(), "API from 127.0.0.1:4711 (curl/8.5.0)"),
        new io.alchemiser.shared.halt.TradingHalt(false, null, java.time.Instant.now(), null))) {
      assertValid(repository.validator(notice).validate(state.toJson()), "halt notice " + state.toJson().encode());
    }
    assertThat(repository.validator(notice).validate(new JsonObject().put("halted", "yes")).getValid()).isFalse();
    for (io.alchemiser.shared.event.EventType type : io.alchemiser.shared.event.EventType.values()) {
      if (type.handlingModule().isPresent()) {
        assertThat(channels.getJsonObject("handle" + type.wireName()).getString("address")).isEqualTo(type.handlerAddress());
      }
    }

    String id = "lane-rule-7";
    String lane = Addresses.EVENTS + "." + Math.floorMod(id.hashCode(), 16);
    java.util.concurrent.CompletableFuture<String> arrived = new java.util.concurrent.CompletableFuture<>();
    vertx.eventBus().consumer(lane, message -> arrived.complete(message.headers().get(io.alchemiser.shared.bus.Headers.CORRELATION_ID)))
        .completion().await();
    new io.alchemiser.shared.bus.EventPublisher(vertx, "test").emit(new io.alchemiser.shared.event.TradeExecuted(
        EventMetadata.next(io.alchemiser.shared.event.EventType.TRADE_EXECUTED, id, null, "test"),
        new io.alchemiser.shared.trading.OrderReport("SPY", io.alchemiser.shared.trading.OrderSide.BUY, java.math.BigDecimal.ONE,
            java.math.BigDecimal.ONE, new java.math.BigDecimal("500"), io.alchemiser.shared.trading.OrderStatus.FILLED, "b-1", "c-1", null)));
    assertThat(arrived.get(10, TimeUnit.SECONDS)).isEqualTo(id);
  }

  private static JsonObject yaml(String resource) throws IOException {
    try (InputStream in = ContractTest.class.getClassLoader().getResourceAsStream(resource)) {
      Map<String, Object> document = new org.yaml.snakeyaml.Yaml().load(in);
      return new JsonObject(io.alchemiser.shared.json.Json.MAPPER.writeValueAsString(document));
    }
  }

  /**
   * With {@code -Dcontract.record=DIR}, writes one event of each type seen (live and backtest) to
   * DIR: how {@code src/test/resources/contract/events-vN} was made for a new schema version.
   */
  private static void record(List<JsonObject> events) throws IOException {
    String dir = System.getProperty("contract.record");
    if (dir == null) {
      return;
    }
    Files.createDirectories(Path.of(dir));
    Map<String, JsonObject> one = new HashMap<>();
    for (JsonObject event : events) {
      JsonObject metadata = event.getJsonObject("metadata");
      one.putIfAbsent(metadata.getString("eventType") + (metadata.containsKey("backtestId") ? "-backtest" : ""), event);
    }
    for (Map.Entry<String, JsonObject> entry : one.entrySet()) {
      Files.writeString(Path.of(dir, entry.getKey() + ".json"), entry.getValue().encodePrettily() + "\n");
    }
  }
}
