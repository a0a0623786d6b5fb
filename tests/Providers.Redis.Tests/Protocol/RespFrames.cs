using System.Text;
using Xunit;

namespace Adapters.Redis.Tests.Protocol;

/// <summary>One complete RESP value as bytes, with its expected <see cref="RespDump.Raw(System.Buffers.ReadOnlySequence{byte})"/>.</summary>
internal sealed record RespFrame(byte[] Bytes, string Raw);

/// <summary>
/// Every RESP2 and RESP3 type, edge values and nesting, as raw frames. Frames marked "real" were captured from
/// redis-server 7.0.15 (DEBUG PROTOCOL, ZRANGE, CLUSTER SHARDS, CLIENT INFO).
/// </summary>
internal static class RespFrames
{
    private static readonly Dictionary<string, RespFrame> Catalog = Build();

    public static TheoryData<string> Names => [.. Catalog.Keys];

    /// <summary>The frames short enough for tests that try every pair of cut points.</summary>
    public static TheoryData<string> ShortNames => [.. Catalog.Where(frame => frame.Value.Bytes.Length <= 72).Select(frame => frame.Key)];

    public static RespFrame Get(string name) => Catalog[name];

    public static IEnumerable<RespFrame> All => Catalog.Values;

    /// <summary>Text as bytes, one byte per char (so <c>"\xFF"</c> is the byte 0xFF).</summary>
    public static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>Bytes as text, one char per byte (the inverse of <see cref="Bytes"/>), for readable golden comparisons.</summary>
    public static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    private static Dictionary<string, RespFrame> Build()
    {
        var frames = new Dictionary<string, RespFrame>(StringComparer.Ordinal);
        void Add(string name, string bytes, string raw) => frames.Add(name, new RespFrame(Bytes(bytes), raw));

        // RESP2 scalars
        Add("simple", "+OK\r\n", "+OK");
        Add("simple-empty", "+\r\n", "+");
        Add("simple-with-lone-cr", "+a\rb\r\n", "+a\\rb");
        Add("error", "-ERR unknown command 'FOO'\r\n", "-ERR unknown command 'FOO'");
        Add("error-moved", "-MOVED 3999 127.0.0.1:6381\r\n", "-MOVED 3999 127.0.0.1:6381");
        Add("integer-zero", ":0\r\n", ":0");
        Add("integer", ":1000\r\n", ":1000");
        Add("integer-negative", ":-42\r\n", ":-42");
        Add("integer-max", ":9223372036854775807\r\n", ":9223372036854775807");
        Add("integer-min", ":-9223372036854775808\r\n", ":-9223372036854775808");
        Add("bulk", "$5\r\nhello\r\n", "$5:hello");
        Add("bulk-empty", "$0\r\n\r\n", "$0:");
        Add("bulk-crlf-only", "$2\r\n\r\n\r\n", "$2:\\r\\n");
        Add("bulk-binary", "$10\r\na\r\nb\0\xFF\r\r\n\n\r\n", "$10:a\\r\\nb\\x00\\xFF\\r\\r\\n\\n");
        Add("bulk-looks-like-frames", "$11\r\n*1\r\n$1\r\nx\r\n\r\n", "$11:*1\\r\\n$1\\r\\nx\\r\\n");
        Add("bulk-utf8", "$9\r\n\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\r\n", "$9:\\xE6\\x97\\xA5\\xE6\\x9C\\xAC\\xE8\\xAA\\x9E");
        Add("bulk-digits", "$20\r\n-9223372036854775808\r\n", "$20:-9223372036854775808");
        Add("null-bulk", "$-1\r\n", "$-1");
        Add("null-array", "*-1\r\n", "*-1");

        // RESP2 aggregates
        Add("array-empty", "*0\r\n", "*0[]");
        Add("array", "*3\r\n:1\r\n$3\r\nfoo\r\n$-1\r\n", "*3[:1,$3:foo,$-1]");
        Add("array-nested", "*2\r\n*3\r\n:1\r\n:2\r\n:3\r\n*2\r\n+Hello\r\n-World\r\n", "*2[*3[:1,:2,:3],*2[+Hello,-World]]");
        Add("array-deep", "*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n:7\r\n", "*1[*1[*1[*1[*1[*1[*1[:7]]]]]]]");
        Add("array-empties-and-nulls", "*4\r\n*0\r\n*-1\r\n$0\r\n\r\n$-1\r\n", "*4[*0[],*-1,$0:,$-1]");
        Add(
            "resp2-zrange-withscores",
            "*8\r\n$1\r\nb\r\n$4\r\n-inf\r\n$1\r\nd\r\n$19\r\n0.10000000000000001\r\n$1\r\nc\r\n$3\r\n1.5\r\n$1\r\na\r\n$3\r\ninf\r\n",
            "*8[$1:b,$4:-inf,$1:d,$19:0.10000000000000001,$1:c,$3:1.5,$1:a,$3:inf]");

        // RESP3 scalars
        Add("null", "_\r\n", "_");
        Add("true", "#t\r\n", "#t");
        Add("false", "#f\r\n", "#f");
        Add("double", ",1.5\r\n", ",1.5");
        Add("double-real", ",3.141\r\n", ",3.141");
        Add("double-negative-zero", ",-0\r\n", ",-0");
        Add("double-integral", ",10\r\n", ",10");
        Add("double-inf", ",inf\r\n", ",inf");
        Add("double-negative-inf", ",-inf\r\n", ",-inf");
        Add("double-nan", ",nan\r\n", ",nan");
        Add("double-exponent", ",1.5e10\r\n", ",1.5e10");
        Add("double-exponent-upper", ",-1.23E+20\r\n", ",-1.23E+20");
        Add("double-exponent-negative", ",4.2e-7\r\n", ",4.2e-7");
        Add("double-17-digits", ",0.10000000000000001\r\n", ",0.10000000000000001");
        Add("bignum", "(3492890328409238509324850943850943825024385\r\n", "(3492890328409238509324850943850943825024385");
        Add("bignum-negative", "(-3492890328409238509324850943850943825024385\r\n", "(-3492890328409238509324850943850943825024385");
        Add("bulk-error", "!21\r\nSYNTAX invalid syntax\r\n", "!21:SYNTAX invalid syntax");
        Add("bulk-error-crlf", "!10\r\nERR a\r\nb\r\n\r\n", "!10:ERR a\\r\\nb\\r\\n");
        Add("verbatim", "=15\r\ntxt:Some string\r\n", "=15:txt:Some string");
        Add("verbatim-real", "=29\r\ntxt:This is a verbatim\nstring\r\n", "=29:txt:This is a verbatim\\nstring");
        Add("verbatim-markdown", "=11\r\nmkd:# Title\r\n", "=11:mkd:# Title");

        // RESP3 aggregates
        Add("map", "%2\r\n+first\r\n:1\r\n+second\r\n:2\r\n", "%2[+first,:1,+second,:2]");
        Add("map-empty", "%0\r\n", "%0[]");
        Add("map-real", "%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n", "%3[:0,#f,:1,#t,:2,#f]");
        Add("set", "~3\r\n+orange\r\n+apple\r\n#t\r\n", "~3[+orange,+apple,#t]");
        Add("set-empty", "~0\r\n", "~0[]");
        Add("push", ">3\r\n$7\r\nmessage\r\n$4\r\nchan\r\n$5\r\nhello\r\n", ">3[$7:message,$4:chan,$5:hello]");
        Add("push-empty", ">0\r\n", ">0[]");
        Add(
            "attribute-real",
            "|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n$39\r\nSome real reply following the attribute\r\n",
            "|1[$14:key-popularity,*2[$7:key:123,:90]] $39:Some real reply following the attribute");
        Add("attribute-empty", "|0\r\n+v\r\n", "|0[] +v");
        Add("attribute-nested", "*2\r\n:2039123\r\n|1\r\n+ttl\r\n:3600\r\n:9543892\r\n", "*2[:2039123,|1[+ttl,:3600] :9543892]");
        Add("attribute-on-map-entries", "%1\r\n|1\r\n+a\r\n+b\r\n+key\r\n|0\r\n:1\r\n", "%1[|1[+a,+b] +key,|0[] :1]");
        Add("attribute-chained", "|1\r\n+a\r\n:1\r\n|1\r\n+b\r\n:2\r\n+v\r\n", "|1[+a,:1] |1[+b,:2] +v");
        Add("attribute-on-aggregate", "|1\r\n+k\r\n+v\r\n*2\r\n:1\r\n:2\r\n", "|1[+k,+v] *2[:1,:2]");
        Add("attribute-inside-attribute", "|1\r\n+k\r\n|1\r\n+x\r\n+y\r\n+v\r\n:5\r\n", "|1[+k,|1[+x,+y] +v] :5");
        Add("attribute-on-last-child", "~2\r\n:1\r\n|1\r\n+k\r\n_\r\n:2\r\n", "~2[:1,|1[+k,_] :2]");
        Add(
            "nested-mixed-deep",
            "%1\r\n+k\r\n*2\r\n~1\r\n%1\r\n+a\r\n>1\r\n*1\r\n_\r\n#t\r\n",
            "%1[+k,*2[~1[%1[+a,>1[*1[_]]]],#t]]");
        Add(
            "nested-empties",
            "*5\r\n%0\r\n~0\r\n*1\r\n*0\r\n>0\r\n|0\r\n*0\r\n",
            "*5[%0[],~0[],*1[*0[]],>0[],|0[] *0[]]");
        Add(
            "resp3-zrange-withscores",
            "*2\r\n*2\r\n$1\r\nb\r\n,-inf\r\n*2\r\n$1\r\nd\r\n,0.10000000000000001\r\n",
            "*2[*2[$1:b,,-inf],*2[$1:d,,0.10000000000000001]]");
        Add(
            "resp3-cluster-shards-real",
            "*1\r\n%2\r\n$5\r\nslots\r\n*4\r\n:0\r\n:100\r\n:200\r\n:300\r\n$5\r\nnodes\r\n*1\r\n%7\r\n$2\r\nid\r\n$40\r\n"
            + "52d8964e4c12b1de6d6c2c3012aa6590213f57b8\r\n$4\r\nport\r\n:17311\r\n$2\r\nip\r\n$0\r\n\r\n$8\r\nendpoint\r\n$0\r\n\r\n"
            + "$4\r\nrole\r\n$6\r\nmaster\r\n$18\r\nreplication-offset\r\n:0\r\n$6\r\nhealth\r\n$6\r\nonline\r\n",
            "*1[%2[$5:slots,*4[:0,:100,:200,:300],$5:nodes,*1[%7[$2:id,$40:52d8964e4c12b1de6d6c2c3012aa6590213f57b8,"
            + "$4:port,:17311,$2:ip,$0:,$8:endpoint,$0:,$4:role,$6:master,$18:replication-offset,:0,$6:health,$6:online]]]]");
        return frames;
    }
}
