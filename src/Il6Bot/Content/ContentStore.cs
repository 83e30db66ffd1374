using Microsoft.Extensions.Options;

namespace Il6Bot.Content;

/// <summary>
/// Loads the content folder as the host starts (<see cref="ContentStartupLoad"/>, so no file is read while
/// services are being constructed and bad content stops start-up with the <see cref="ContentException"/>),
/// then watches the folder and swaps in a new snapshot after each edit settles. A rejected edit keeps the last good snapshot.
/// </summary>
public sealed partial class ContentStore : IContentStore, IHostedService, IDisposable
{
    /// <summary>Editors save in bursts (truncate, write, rename); one reload after the burst is enough.</summary>
    internal static readonly TimeSpan ReloadDelay = TimeSpan.FromMilliseconds(200);

    // A file still being written can be locked or half-read; a few quiet retries ride that out.
    private const int MaxIoRetries = 5;

    private readonly string _folder;
    private readonly string _displayFolder;
    private readonly IReadOnlyList<IContentReplies> _replies;
    private readonly IReadOnlyList<IRenderCache> _renderCaches;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private volatile ContentSnapshot? _current;
    private FileSystemWatcher? _watcher;
    private ITimer? _debounce;
    private int _ioRetries;
    private bool _disposed;

    public ContentStore(
        IOptions<ContentOptions> options,
        IHostEnvironment environment,
        IEnumerable<IContentReplies> replies,
        IEnumerable<IRenderCache> renderCaches,
        TimeProvider time,
        ILogger<ContentStore> logger)
        : this(Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.Path)), options.Value.Path, replies, renderCaches, time, logger)
    {
    }

    internal ContentStore(
        string folder,
        string displayFolder,
        IEnumerable<IContentReplies> replies,
        IEnumerable<IRenderCache> renderCaches,
        TimeProvider time,
        ILogger logger)
    {
        _folder = folder;
        _displayFolder = displayFolder;
        _replies = [.. replies];
        _renderCaches = [.. renderCaches];
        _time = time;
        _logger = logger;
    }

    public ContentSnapshot? Current => _current;

    public event Action<ContentSnapshot>? Changed;

    /// <summary>Raised when a reload is rejected and the last good snapshot stays (for operators and tests).</summary>
    public event Action<Exception>? ReloadFailed;

    internal void Load()
    {
        lock (_gate)
        {
            if (_current is not null)
            {
                return;
            }

            try
            {
                _current = LoadAndPrepare();
            }
            catch (ContentException e)
            {
                LogLoadFailed(_logger, e.Message);
                throw;
            }

            LogLoaded(_current);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_watcher is not null)
            {
                return Task.CompletedTask;
            }

            var watcher = new FileSystemWatcher(_folder)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
            };
            watcher.Changed += OnFileEvent;
            watcher.Created += OnFileEvent;
            watcher.Deleted += OnFileEvent;
            watcher.Renamed += OnFileEvent;
            watcher.Error += OnWatcherError;
            try
            {
                watcher.EnableRaisingEvents = true;
            }
            catch (IOException e)
            {
                // Hot reload is a convenience: out of inotify instances (many hosts on one machine) must not
                // stop a bot whose content loaded fine.
                watcher.Dispose();
                LogWatchUnavailable(_logger, _folder, e.Message);
                return Task.CompletedTask;
            }

            _watcher = watcher;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        StopWatching();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        StopWatching();
    }

    private void StopWatching()
    {
        lock (_gate)
        {
            _watcher?.Dispose();
            _watcher = null;
            _debounce?.Dispose();
            _debounce = null;
        }
    }

    private ContentSnapshot LoadAndPrepare()
    {
        var snapshot = ContentLoader.Load(_folder, _displayFolder, _time.GetUtcNow());

        // Renderings are cached before the snapshot is published, so a request never sees a fixed reply whose
        // platform bytes are missing. A rejected load leaves entries only for replies nothing references.
        List<PreparedReply> fixedReplies = [.. _replies.SelectMany(r => r.Prepare(snapshot))];
        foreach (var cache in _renderCaches)
        {
            cache.Warm(fixedReplies);
        }

        return snapshot;
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        lock (_gate)
        {
            _ioRetries = 0;
            ScheduleReload();
        }
    }

    private void OnWatcherError(object sender, ErrorEventArgs e)
    {
        // An overflowed event queue means edits were missed; reloading covers them.
        LogWatcherError(_logger, e.GetException());
        lock (_gate)
        {
            ScheduleReload();
        }
    }

    // Caller holds _gate.
    private void ScheduleReload()
    {
        if (_disposed || _watcher is null)
        {
            return;
        }

        if (_debounce is null)
        {
            _debounce = _time.CreateTimer(_ => Reload(), null, ReloadDelay, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _debounce.Change(ReloadDelay, Timeout.InfiniteTimeSpan);
        }
    }

    // Events are raised under the gate so subscribers see reloads in order, never an older snapshot last.
    private void Reload()
    {
        lock (_gate)
        {
            // Stopped or disposed while the timer was firing: the host is going away.
            if (_disposed || _watcher is null)
            {
                return;
            }

            ContentSnapshot snapshot;
            try
            {
                snapshot = LoadAndPrepare();
            }
            catch (IOException e) when (_ioRetries < MaxIoRetries)
            {
                _ioRetries++;
                LogReloadRetry(_logger, e.Message);
                ScheduleReload();
                return;
            }
            catch (Exception e)
            {
                if (e is ContentException)
                {
                    LogReloadRejected(_logger, e.Message);
                }
                else
                {
                    LogReloadFailed(_logger, e);
                }

                Raise(ReloadFailed, e);
                return;
            }

            _current = snapshot;
            _ioRetries = 0;
            LogLoaded(snapshot);
            Raise(Changed, snapshot);
        }
    }

    private void Raise<T>(Action<T>? handlers, T argument)
    {
        foreach (var handler in handlers?.GetInvocationList().Cast<Action<T>>() ?? [])
        {
            try
            {
                handler(argument);
            }
            catch (Exception e)
            {
                // One subscriber's failure must neither hide the news from the others nor kill the timer thread.
                LogSubscriberFailed(_logger, e);
            }
        }
    }

    private void LogLoaded(ContentSnapshot snapshot)
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var sections = snapshot.AllSections.Count();
            LogLoaded(_logger, sections, snapshot.Nudges.Count, _folder);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Content loaded: {Sections} sections, {Nudges} nudges from {Folder}")]
    private static partial void LogLoaded(ILogger logger, int sections, int nudges, string folder);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Content could not be loaded: {Error}")]
    private static partial void LogLoadFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Content edit rejected, keeping the last good content: {Error}")]
    private static partial void LogReloadRejected(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Content file busy, retrying the reload: {Error}")]
    private static partial void LogReloadRetry(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Content reload failed, keeping the last good content")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot watch {Folder} for edits, hot reload is off until restart: {Error}")]
    private static partial void LogWatchUnavailable(ILogger logger, string folder, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Content watcher error; reloading to catch up")]
    private static partial void LogWatcherError(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A content change subscriber failed")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception);
}
