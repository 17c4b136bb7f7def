using System.Text;

namespace Recurrent.Text;

/// <summary>Reads a UTF-8 text file for training, refusing what is not one with a one-line reason naming the file.</summary>
public static class TextFile
{
    public static string Read(string path)
    {
        if (Directory.Exists(path)) throw new InvalidDataException($"{path}: is a directory, not a text file.");
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file.", path);
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0) throw new InvalidDataException($"{path}: the file is empty.");
        int nul = Array.IndexOf(bytes, (byte)0);
        if (nul >= 0) throw new InvalidDataException($"{path}: looks like a binary file (NUL byte at offset {nul}), not text.");
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        try
        {
            var text = strict.GetString(bytes);
            text = text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
            return text.Length > 0 ? text : throw new InvalidDataException($"{path}: the file holds only a byte-order mark.");
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{path}: not valid UTF-8 (invalid byte sequence at offset {e.Index}).");
        }
    }

    /// <summary>
    /// The Unicode scalar values of a UTF-8 text file, read in 1 MB chunks (never the whole file in memory), with the
    /// checks of <see cref="Read"/>: a leading byte-order mark is skipped, and a NUL byte, invalid UTF-8 or an empty
    /// file is a one-line error naming the file and the offset. <paramref name="hash"/>, if given, receives the text's
    /// bytes (without the byte-order mark): the same bytes <see cref="Read"/>'s string encodes to.
    /// </summary>
    public static void ReadRunes(string path, Action<Rune> onRune, System.Security.Cryptography.IncrementalHash? hash = null)
    {
        if (Directory.Exists(path)) throw new InvalidDataException($"{path}: is a directory, not a text file.");
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file.", path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (file.Length == 0) throw new InvalidDataException($"{path}: the file is empty.");
        var buffer = new byte[(1 << 20) + 4];
        int carried = 0;
        long offset = 0;     // of buffer[0] in the file
        long runes = 0;
        while (true)
        {
            int read = file.Read(buffer, carried, buffer.Length - 4 - carried);
            int length = carried + read;
            bool last = read == 0;
            if (length == 0) break;
            int at = 0;
            if (offset == 0 && length >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF) at = 3;
            int hashedFrom = at;
            while (at < length)
            {
                var status = Rune.DecodeFromUtf8(buffer.AsSpan(at, length - at), out var rune, out int consumed);
                if (status == System.Buffers.OperationStatus.NeedMoreData && !last) break;
                if (status != System.Buffers.OperationStatus.Done)
                    throw new InvalidDataException($"{path}: not valid UTF-8 (invalid byte sequence at offset {offset + at}).");
                if (rune.Value == 0) throw new InvalidDataException($"{path}: looks like a binary file (NUL byte at offset {offset + at}), not text.");
                onRune(rune);
                runes++;
                at += consumed;
            }
            hash?.AppendData(buffer, hashedFrom, at - hashedFrom);
            carried = length - at;
            Array.Copy(buffer, at, buffer, 0, carried);
            offset += at;
            if (last) break;
        }
        if (runes == 0) throw new InvalidDataException($"{path}: the file holds only a byte-order mark.");
    }
}
