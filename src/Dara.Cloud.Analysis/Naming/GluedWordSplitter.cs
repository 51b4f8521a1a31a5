namespace Dara.Cloud.Analysis.Naming;

/// <summary>
/// Splits a token that glues words together (gpt2, resnet50, yolov5s, BanglaHateBert) into the elements of its pieces.
/// </summary>
internal sealed class GluedWordSplitter
{
    [ThreadStatic]
    private static List<Piece>? _pieceScratch;

    private readonly NamingVocabulary _vocabulary;
    private readonly ShapeReader _shapes;
    private readonly AffixReader _affixes;

    public GluedWordSplitter(NamingVocabulary vocabulary, ShapeReader shapes, AffixReader affixes)
    {
        _vocabulary = vocabulary;
        _shapes = shapes;
        _affixes = affixes;
    }

    /// <summary>
    /// Words glued into one token (RoBERTa-large written as one word, gpt2, resnet50, yolov5s, en2zh, BanglaHateBert).
    /// Accepted only when every unknown piece is cut off by a case change or borders a shape such as 13B: an
    /// architecture followed by unknown letters (T5PRJ) is left alone.
    /// </summary>
    /// <remarks>Adds the pieces' elements to <paramref name="output"/> and returns true, or adds nothing and returns false.</remarks>
    public bool TrySplit(ReadOnlySpan<char> span, int offset, List<PendingElement> output)
    {
        var pieces = _pieceScratch ??= new List<Piece>(8);
        pieces.Clear();
        var position = 0;
        var recognized = 0;
        while (position < span.Length)
        {
            var matched = false;
            for (var end = span.Length; end > position; end--)
            {
                if (end < span.Length && NameTokenizer.BoundaryAt(span, end) == BoundaryKind.None)
                {
                    continue;
                }

                if (position == 0 && end == span.Length)
                {
                    continue;
                }

                if (TryRecognizePiece(span[position..end], pieces, out var piece))
                {
                    pieces.Add(piece with { Start = position, Length = end - position });
                    recognized += piece.Kind == PieceKind.Ignored ? 0 : 1;
                    position = end;
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                var end = position + 1;
                while (end < span.Length && NameTokenizer.BoundaryAt(span, end) == BoundaryKind.None)
                {
                    end++;
                }

                // A word ending in an architecture (norbert in norbert2) is that architecture.
                pieces.Add(_affixes.TryArchitectureSuffix(span[position..end], out var architecture)
                    ? new Piece(PieceKind.Entry, position, end - position, architecture, ElementCode.A, architecture.Value)
                    : new Piece(PieceKind.Unknown, position, end - position, null, ElementCode.O, null));
                recognized += pieces[^1].Kind == PieceKind.Entry ? 1 : 0;
                position = end;
            }
        }

        if (recognized == 0 || !UnknownPiecesAreCutOff(span, pieces))
        {
            return false;
        }

        AbsorbIntoArchitecture(pieces);

        for (var p = 0; p < pieces.Count; p++)
        {
            var piece = pieces[p];
            var start = offset + piece.Start;
            switch (piece.Kind)
            {
                case PieceKind.Entry:
                    output.Add(PendingElement.Of(piece.Entry!, start, piece.Length));
                    break;
                case PieceKind.Number:
                    output.Add(PendingElement.Number(start, piece.Length));
                    break;
                case PieceKind.Shape:
                    output.Add(PendingElement.Known(piece.Code, start, piece.Length, piece.Value));
                    break;
                case PieceKind.Ignored:
                    break;
                default:
                    if (!_affixes.TryRead(span.Slice(piece.Start, piece.Length), start, output))
                    {
                        output.Add(PendingElement.Unknown(start, piece.Length));
                    }

                    break;
            }
        }

        return true;
    }

    /// <summary>
    /// An unknown word glued to an architecture by a case change names a variant of it (StreetCLIP, KanBERTo):
    /// the whole is the architecture element.
    /// </summary>
    private static void AbsorbIntoArchitecture(List<Piece> pieces)
    {
        for (var p = 0; p < pieces.Count; p++)
        {
            if (pieces[p].Kind != PieceKind.Unknown)
            {
                continue;
            }

            var target = p + 1 < pieces.Count && pieces[p + 1].Kind == PieceKind.Entry && pieces[p + 1].Code == ElementCode.A ? p + 1
                : p > 0 && pieces[p - 1].Kind == PieceKind.Entry && pieces[p - 1].Code == ElementCode.A ? p - 1
                : -1;
            if (target < 0)
            {
                continue;
            }

            var start = Math.Min(pieces[p].Start, pieces[target].Start);
            var end = Math.Max(pieces[p].Start + pieces[p].Length, pieces[target].Start + pieces[target].Length);
            pieces[target] = pieces[target] with { Start = start, Length = end - start };
            pieces.RemoveAt(p);
            p = -1;
        }
    }

    private bool TryRecognizePiece(ReadOnlySpan<char> piece, List<Piece> before, out Piece result)
    {
        result = default;
        var previous = before.Count > 0 ? before[^1] : default;
        var afterArchitecture = before.Count > 0
            && (previous.Code == ElementCode.A || (previous.Kind == PieceKind.Number && before.Count > 1 && before[^2].Code == ElementCode.A));

        if (piece.Length == 1 && !char.IsAsciiDigit(piece[0]))
        {
            // A lone letter is a size only right after an architecture or its number (yolov5s, resnet50d is not: d is no size).
            if (afterArchitecture && _vocabulary.TryLetterSize(piece, out var size))
            {
                result = new Piece(PieceKind.Shape, 0, 1, null, ElementCode.S, size);
                return true;
            }

            return false;
        }

        if (_vocabulary.IsIgnored(piece))
        {
            result = new Piece(PieceKind.Ignored, 0, piece.Length, null, ElementCode.O, null);
            return true;
        }

        // Short codes (Fa, Oti) inside a glued word are too likely to be syllables to count as languages.
        if (_vocabulary.TryLookup(piece, out var entry)
            && !(entry.Code == ElementCode.O && entry.Language is not null)
            && !(entry.Code == ElementCode.L && piece.Length <= 3))
        {
            result = new Piece(PieceKind.Entry, 0, piece.Length, entry, entry.Code, entry.Value);
            return true;
        }

        if (!piece.ContainsAnyExceptInRange('0', '9'))
        {
            result = new Piece(PieceKind.Number, 0, piece.Length, null, ElementCode.O, null);
            return true;
        }

        if (piece.IndexOfAnyInRange('0', '9') >= 0 && _shapes.TryRead(piece, out var code, out var value))
        {
            result = new Piece(PieceKind.Shape, 0, piece.Length, null, code, value);
            return true;
        }

        return false;
    }

    private static bool UnknownPiecesAreCutOff(ReadOnlySpan<char> span, List<Piece> pieces)
    {
        for (var p = 0; p < pieces.Count; p++)
        {
            if (pieces[p].Kind != PieceKind.Unknown)
            {
                continue;
            }

            if (p > 0 && !IsCutOff(span, pieces[p - 1], pieces[p].Start))
            {
                return false;
            }

            if (p + 1 < pieces.Count && !IsCutOff(span, pieces[p + 1], pieces[p + 1].Start))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A neighbour of an unknown piece is fine when a case change separates them or when it is a self-evident shape (13B, v2).</summary>
    private static bool IsCutOff(ReadOnlySpan<char> span, Piece neighbour, int boundary) =>
        neighbour.Kind == PieceKind.Shape && neighbour.Code is ElementCode.P or ElementCode.V or ElementCode.Q
        || NameTokenizer.BoundaryAt(span, boundary) == BoundaryKind.Strong;

    /// <summary>One piece of a glued token.</summary>
    private readonly record struct Piece(PieceKind Kind, int Start, int Length, VocabularyEntry? Entry, ElementCode Code, string? Value);

    private enum PieceKind : byte
    {
        Unknown,
        Ignored,
        Entry,
        Number,
        Shape,
    }
}
