import Hummingbird
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// NIO's HTTP decoder gives up on a request line or header fields longer than
/// 80 KiB, and on bytes that are not HTTP. Hummingbird then answers 400 but
/// stops reading, so a client still sending its 20 MB request line blocks and
/// never reads the answer. This handler answers in its place: 400 with the
/// reason (an over-long request line and over-long header fields look the same
/// to the decoder, so not 414), then it closes the way out and reads and drops
/// whatever the client still sends, until the client closes or `linger` ends.
final class MalformedRequestHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    static let linger: TimeAmount = .seconds(10)
    /// A request's head has come in and its response has not ended yet.
    private var responding = false
    /// A refusal that waits for the response being written to end.
    private var pending: HTTPParserError?
    private var refused = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if refused || pending != nil { return }
        if case .head = unwrapInboundIn(data) { responding = true }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(data, promise: promise)
        guard case .end = unwrapOutboundIn(data) else { return }
        responding = false
        if let pending { refuse(pending, context: context) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // After a refusal the decoder complains about every byte still coming: the bytes are dropped.
        if refused || pending != nil { return }
        guard let error = error as? HTTPParserError else { return context.fireErrorCaught(error) }
        if responding { pending = error } else { refuse(error, context: context) }
    }

    private func refuse(_ error: HTTPParserError, context: ChannelHandlerContext) {
        refused = true
        pending = nil
        let reason: String
        if case .headerOverflow = error {
            reason = "the request line or its header fields are longer than 80 KiB"
        } else {
            reason = "malformed request (\(error))"
        }
        let body = ByteBuffer(string: "400 Bad Request: \(reason)\n")
        let head = HTTPResponse(
            status: .badRequest,
            headerFields: [
                .contentType: "text/plain; charset=utf-8", .contentLength: String(body.readableBytes),
                .connection: "close",
            ])
        let channel = context.channel
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(mode: .output, promise: nil)
        }
        channel.eventLoop.scheduleTask(in: Self.linger) { channel.close(promise: nil) }
    }
}
